import { h } from '../src/dom.js';

/*
 * The heatmap's colours step from pale to deep as the SQL rate climbs; in the dark they climb
 * from dim to bright, so "more" stands out in both. Each step carries its own text colour,
 * chosen for a contrast of 5:1 or more (WCAG AA) on that step, in light and in dark.
 */
const STEPS = {
  light: [
    ['#e4effb', '#1f2328'],
    ['#cde1f6', '#1f2328'],
    ['#93bfea', '#1f2328'],
    ['#2f6db5', '#fff'],
    ['#0b3f7a', '#fff'],
  ],
  dark: [
    ['#1c2d42', '#e6edf3'],
    ['#1f4068', '#e6edf3'],
    ['#2a5d9c', '#e6edf3'],
    ['#4c93e0', '#0d1117'],
    ['#a8d1ff', '#0d1117'],
  ],
} as const;

const steps = (look: keyof typeof STEPS): string => STEPS[look].map(([paper, ink], step) => `.heat-${step} { --heat-paper: ${paper}; --heat-ink: ${ink}; }`).join('\n');

const CSS = `
section.calibration { margin-top: 2.5rem; }
section.calibration p:empty { display: none; }
.calibration-headline { font-size: 1.1rem; font-weight: 600; max-width: 48rem; margin: 0 0 1rem; }
.calibration-grid { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .5rem 2.5rem; align-items: start; }
.calibration-grid > * { min-width: 0; }
@media (max-width: 60rem) { .calibration-grid { grid-template-columns: minmax(0, 1fr); } }
.heatmap .table-scroll { margin-bottom: .25rem; }
.heatmap table { width: auto; border-collapse: separate; border-spacing: 4px; }
.heatmap th, .heatmap td { border: 0; vertical-align: middle; }
.heatmap thead th { text-align: center; }
.heatmap tbody th { text-align: center; font-weight: 600; }
td.heat { min-width: 5.75rem; padding: .45rem .5rem; text-align: center; border-radius: 6px; background: var(--heat-paper); color: var(--heat-ink); }
.heat-rate { display: block; font-size: 1.25rem; font-weight: 700; line-height: 1.25; font-variant-numeric: tabular-nums; }
.heat-count, .heat-owner { display: block; font-size: .8rem; line-height: 1.35; }
.heat-owner { font-weight: 600; }
td.heat-marketing, .heat-swatch.heat-marketing { outline: 2px dashed currentColor; outline-offset: -5px; }
/* No rate to colour: hatched on the page's own paper, unlike any step of the scale. */
td.heat-none, .heat-swatch.heat-none { background: var(--paper) repeating-linear-gradient(135deg, var(--line) 0 1px, transparent 1px 7px); color: var(--ink); box-shadow: inset 0 0 0 1px var(--line); }
${steps('light')}
@media (prefers-color-scheme: dark) {
${steps('dark')}
}
ul.heat-legend { list-style: none; padding: 0; margin: 0 0 1.25rem; display: flex; flex-wrap: wrap; gap: .35rem 1rem; font-size: .875rem; max-width: 30rem; }
.heat-legend li { display: flex; align-items: center; gap: .4rem; }
.heat-swatch { flex: none; width: 1.25rem; height: 1.25rem; border-radius: 4px; background: var(--heat-paper); box-shadow: inset 0 0 0 1px var(--line); }
.heat-swatch.heat-marketing { background: transparent; box-shadow: none; color: var(--ink); outline-offset: -2px; }
.calibration th.number, .calibration td.number { text-align: end; font-variant-numeric: tabular-nums; }
.calibration td, .calibration tbody th { vertical-align: middle; }
.lift { display: flex; align-items: center; gap: .5rem; white-space: nowrap; }
.lift-value { min-width: 2.75em; text-align: end; font-variant-numeric: tabular-nums; font-weight: 600; }
.lift-track { position: relative; flex: none; width: 5rem; height: .7rem; border-radius: 2px; background: var(--band); box-shadow: inset 0 0 0 1px var(--line); }
.lift-bar { position: absolute; inset: 0 auto 0 0; min-width: 2px; border-radius: 2px; background: var(--brand); }
.lift-bar.under { background: var(--muted); }
.lift-one { position: absolute; top: -3px; bottom: -3px; border-left: 2px solid var(--ink); transform: translateX(-1px); }
.calibration .show-all { margin: -.5rem 0 1.25rem; }
.calibration-notes { font-size: .9em; max-width: 48rem; }
@media (max-width: 40rem) {
  td.heat { min-width: 0; padding: .4rem .25rem; }
  .heat-rate { font-size: 1.1rem; }
  /* The bar goes under its figure: beside it, the answers' six columns would not fit a phone. */
  .lift { flex-direction: column; align-items: flex-end; gap: .2rem; }
  .lift-track { width: 3rem; }
}
`;

/**
 * The calibration view's rules, added to the page once: the view brings its own look as the
 * widget does (widget/src/style.ts), and the admin page's CSP allows inline styles.
 */
export const useCalibrationStyle = (): void => {
  if (document.getElementById('calibration-style')) return;
  document.head.append(h('style', { id: 'calibration-style' }, CSS));
};
