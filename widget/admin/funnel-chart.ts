import type { Funnel } from './types.js';
import { percent } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

const svg = (tag: string, attributes: Record<string, string | number>, text?: string): SVGElement => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
};

const BARS = [
  { stage: 'MQL', label: 'MQL' },
  { stage: 'SAL', label: 'SAL' },
  { stage: 'SQL', label: 'SQL' },
  { stage: 'nurture', label: 'Nurture' },
] as const;

const WIDTH = 560;
const LABEL_WIDTH = 80;
const COUNT_WIDTH = 150;
const ROW = 40;
const BAR = 26;

/** The funnel as horizontal bars, one per stage, each with its count and its conversion from the stage before. */
export const funnelChart = (funnel: Funnel): SVGElement => {
  const most = Math.max(1, ...BARS.map(({ stage }) => funnel[stage]));
  const room = WIDTH - LABEL_WIDTH - COUNT_WIDTH;
  const conversion: Record<string, string> = {
    SAL: `${percent(funnel.conversion.mqlToSal)} of MQL`,
    SQL: `${percent(funnel.conversion.salToSql)} of SAL`,
  };
  const summary = BARS.map(({ stage, label }) => `${funnel[stage]} ${label}`).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${BARS.length * ROW}`, role: 'img', 'aria-labelledby': 'funnel-chart-title', class: 'funnel-chart' });
  chart.append(svg('title', { id: 'funnel-chart-title' }, `Leads that reached each stage: ${summary}`));
  BARS.forEach(({ stage, label }, row) => {
    const y = row * ROW;
    const width = Math.max(2, (funnel[stage] / most) * room);
    chart.append(
      svg('text', { x: 0, y: y + BAR / 2 + 5, class: 'funnel-label' }, label),
      svg('rect', { x: LABEL_WIDTH, y, width, height: BAR, rx: 3, class: `funnel-bar funnel-${stage}` }),
      svg('text', { x: LABEL_WIDTH + width + 8, y: y + BAR / 2 + 5, class: 'funnel-count' }, `${funnel[stage]}${conversion[stage] ? ` · ${conversion[stage]}` : ''}`),
    );
  });
  return chart;
};
