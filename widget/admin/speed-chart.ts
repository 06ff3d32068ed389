import { h } from '../src/dom.js';
import { duration } from './format.js';

/** One rep's bar: the median working minutes to first touch, and whether the playbook's SLA applies to them. */
export interface SpeedBar {
  rep: string;
  label: string;
  minutes: number | null;
  /** Assignments with a first touch: with none, there is no median to draw. */
  touched: number;
  /** A rep of the playbook's team: another team's playbook may promise another SLA. */
  heldToSla: boolean;
}

/** Past the SLA line, the scale leaves this much room so the line never sits on the chart's edge. */
const ROOM = 1.15;

/**
 * A horizontal bar per rep, as the funnel draws its stages, with the SLA as a dashed line across
 * them. Drawn in HTML rather than the funnel's SVG: an SVG scales its text with its width, so on
 * a 390 px phone its labels would shrink below 12 px; here the text keeps its size and only the
 * bars stretch.
 */
export const speedChart = (bars: readonly SpeedBar[], slaMinutes: number | undefined): HTMLElement => {
  const scale = Math.max(slaMinutes === undefined ? 0 : slaMinutes * ROOM, ...bars.map((bar) => bar.minutes ?? 0)) || 1;
  const share = (minutes: number) => `${Math.min(100, (minutes / scale) * 100)}%`;
  const rows = bars.map((bar) => {
    const over = slaMinutes !== undefined && bar.heldToSla && bar.minutes !== null && bar.minutes > slaMinutes;
    // The bar repeats the text beside it: hidden from screen readers, which read the name and the time.
    const track = h('span', { class: 'speed-track', 'aria-hidden': 'true' });
    if (bar.minutes !== null) {
      const fill = h('span', { class: over ? 'speed-bar over' : 'speed-bar' });
      fill.style.width = share(bar.minutes);
      track.append(fill);
    }
    if (slaMinutes !== undefined && bar.heldToSla) {
      const line = h('span', { class: 'speed-sla' });
      line.style.left = share(slaMinutes);
      track.append(line);
    }
    return h(
      'li',
      { class: 'speed-row', 'data-rep': bar.rep },
      h('span', { class: 'speed-name' }, bar.label),
      track,
      h(
        'span',
        { class: 'speed-value' },
        h('span', { 'data-field': 'median' }, duration(bar.minutes)),
        ...(over ? [' ', h('strong', { class: 'speed-over', 'data-field': 'over' }, 'over SLA')] : []),
        ...(bar.touched === 0 ? [' ', h('span', { class: 'muted' }, 'no first touch yet')] : []),
      ),
    );
  });
  return h(
    'figure',
    { class: 'speed-chart', 'aria-labelledby': 'speed-chart-title' },
    h('figcaption', { id: 'speed-chart-title' }, 'Median working time to first touch, by rep'),
    h('ul', { class: 'speed-bars' }, ...rows),
    ...(slaMinutes === undefined
      ? []
      : [
          h(
            'p',
            { class: 'speed-key', 'data-field': 'sla' },
            h('span', { class: 'speed-key-line', 'aria-hidden': 'true' }),
            `SLA: first touch within ${duration(slaMinutes)} of working time. A median past the dashed line is marked “over SLA”.`,
          ),
        ]),
  );
};
