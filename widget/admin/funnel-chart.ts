import { h } from '../src/dom.js';
import { percent, words } from './format.js';
import { table } from './table.js';
import type { Funnel } from './types.js';

/** The funnel's stages, each with what it means to a marketer and its conversion from the stage before. */
const STAGES = [
  { stage: 'MQL', meaning: 'marketing-qualified', rate: undefined },
  { stage: 'SAL', meaning: 'accepted by sales', rate: { of: 'mqlToSal', from: 'MQLs' } },
  { stage: 'SQL', meaning: 'sales-qualified', rate: { of: 'salToSql', from: 'SALs' } },
] as const;

/**
 * The headline figures: new leads and how many of them qualified, and the funnel end to end. The
 * lead → MQL rate is a cohort's (of the leads new in the period), so it stands apart from the
 * funnel's bars, which count every lead that reached a stage in the period.
 */
const figures = (funnel: Funnel): HTMLElement =>
  h(
    'dl',
    { class: 'funnel-figures' },
    ...(
      [
        ['New leads', funnel.newLeads.toLocaleString(), 'sent a first form step', 'newLeads'],
        ['Lead → MQL', percent(funnel.conversion.leadToMql), 'of those new leads qualified', 'leadToMql'],
        ['MQL → SQL', percent(funnel.conversion.mqlToSql), 'of the MQLs became sales-qualified', 'mqlToSql'],
      ] as const
    ).map(([term, value, note, field]) =>
      h('div', { class: 'funnel-figure', 'data-field': field }, h('dt', {}, term), h('dd', {}, h('span', { class: 'funnel-figure-value' }, value), h('span', { class: 'funnel-figure-note' }, note))),
    ),
  );

/**
 * Beside the funnel, not in it: leads sales returned to nurture left the funnel, and why they
 * left is what marketing acts on.
 */
const nurture = (funnel: Funnel): HTMLElement =>
  h(
    'aside',
    { class: 'funnel-nurture', 'aria-labelledby': 'funnel-nurture-title' },
    h('h3', { id: 'funnel-nurture-title' }, 'Returned to nurture'),
    h(
      'p',
      { class: 'funnel-nurture-count', 'data-field': 'nurture' },
      h('span', { class: 'funnel-value' }, funnel.nurture.toLocaleString()),
      ...(funnel.MQL ? [h('span', { class: 'funnel-rate' }, `${percent(funnel.nurture / funnel.MQL)} of MQLs`)] : []),
    ),
    table('Why sales returned leads', ['Reason', 'Leads'], funnel.returnReasons.map(({ reason, count }) => [words(reason), count.toLocaleString()]), 'none returned.', [], { Leads: 'number' }),
  );

/**
 * The funnel as HTML bars, MQL → SAL → SQL, each with its count and its conversion from the stage
 * before; returned-to-nurture beside it. HTML rather than SVG: an SVG scales its text with its
 * width, so on a 390 px phone its labels shrank to 7 px; here text keeps its size and only the
 * bars stretch. Each bar repeats the figure beside it, so it is hidden from screen readers.
 */
export const funnelChart = (funnel: Funnel): HTMLElement => {
  const most = Math.max(1, ...STAGES.map(({ stage }) => funnel[stage]));
  const bars = STAGES.map(({ stage, meaning, rate }) => {
    const fill = h('span', { class: `funnel-fill funnel-fill-${stage}` });
    fill.style.width = `${(funnel[stage] / most) * 100}%`;
    return h(
      'li',
      { class: 'funnel-stage', 'data-stage': stage },
      h('span', { class: 'funnel-name' }, h('strong', {}, stage), h('span', { class: 'funnel-meaning' }, meaning)),
      h('span', { class: 'funnel-track', 'aria-hidden': 'true' }, fill),
      h(
        'span',
        { class: 'funnel-numbers' },
        h('span', { class: 'funnel-value', 'data-field': 'count' }, funnel[stage].toLocaleString()),
        ...(rate ? [h('span', { class: 'funnel-rate', 'data-field': 'rate' }, `${percent(funnel.conversion[rate.of])} of ${rate.from}`)] : []),
      ),
    );
  });
  return h(
    'div',
    { class: 'funnel-overview' },
    figures(funnel),
    h(
      'div',
      { class: 'funnel-layout' },
      h('figure', { class: 'funnel-stages', 'aria-labelledby': 'funnel-stages-title' }, h('figcaption', { id: 'funnel-stages-title' }, 'Leads that reached each stage'), h('ol', {}, ...bars)),
      nurture(funnel),
    ),
  );
};
