import { h } from '../src/dom.js';

const CSS = `
section.funnel { margin-top: 2.5rem; }
section.funnel p:empty { display: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
fieldset.choices { margin: 0 0 .75rem; }
.choice-row { display: flex; flex-wrap: wrap; gap: .4rem; }
/* Radios underneath, buttons to the eye: each input lies unseen over its label, so it is what a click or a tap meets. */
.choice { position: relative; display: inline-block; }
.choices input { position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; opacity: 0; cursor: pointer; }
.choices label { display: inline-block; margin: 0; padding: .35rem .85rem; border: 1px solid var(--brand); border-radius: 999px; color: var(--brand); font-weight: 400; cursor: pointer; line-height: 1.4; }
.choices input:checked + label { background: var(--brand); color: var(--on-brand); font-weight: 600; }
.choices input:focus-visible + label { outline: 2px solid var(--brand); outline-offset: 2px; }
.period-picker .period { margin: 0 0 1rem; }
.period-picker .period[hidden] { display: none; }
.funnel-summary { margin: 0 0 1rem; }
.funnel-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr)); gap: .75rem; margin: 0 0 1.5rem; max-width: 60rem; }
.funnel-figure { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .9rem; background: var(--band); }
.funnel-figure dt { color: var(--muted); font-weight: 600; font-size: .9rem; }
.funnel-figure dd { margin: 0; }
.funnel-figure-value { display: block; font-size: 1.75rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.funnel-figure-note { display: block; color: var(--muted); font-size: .875rem; }
.funnel-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(14rem, 20rem); gap: 1rem 2.5rem; align-items: start; max-width: 60rem; margin: 0 0 1.5rem; }
.funnel-stages { margin: 0; }
.funnel-stages figcaption { font-weight: 600; margin: 0 0 .5rem; }
.funnel-stages ol { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
li.funnel-stage { display: grid; grid-template-columns: 9.5rem minmax(0, 1fr) 7.5rem; gap: .25rem .75rem; align-items: center; }
.funnel-name strong { display: block; font-size: 1.05rem; }
.funnel-meaning, .funnel-rate { display: block; color: var(--muted); font-size: .875rem; line-height: 1.3; }
.funnel-track { position: relative; align-self: stretch; min-height: 2rem; border-radius: 4px; background: var(--band); box-shadow: inset 0 0 0 1px var(--line); }
.funnel-fill { position: absolute; inset: 0 auto 0 0; min-width: 3px; border-radius: 4px; }
.funnel-fill-MQL { background: var(--bar-MQL); } .funnel-fill-SAL { background: var(--bar-SAL); } .funnel-fill-SQL { background: var(--bar-SQL); }
.funnel-value { display: block; font-size: 1.25rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.funnel-nurture { border: 1px solid var(--line); border-inline-start: 4px solid var(--bar-nurture); border-radius: 8px; padding: .6rem .9rem; }
.funnel-nurture h3 { margin: 0 0 .25rem; }
.funnel-nurture-count { display: flex; align-items: baseline; gap: .6rem; margin: 0 0 .5rem; }
.funnel-nurture .table-scroll { margin: 0; }
.funnel-nurture caption { font-size: .9rem; }
.funnel-nurture > p.muted { margin: 0; }
.funnel-breakdown { max-width: 60rem; }
.funnel-breakdown h3 { margin: 1.5rem 0 .5rem; }
.funnel-form > * { display: block; }
.funnel-form-id { color: var(--muted); font-size: .8rem; }
.funnel-credit-words { margin: -.25rem 0 .5rem; font-size: .9rem; max-width: 48rem; }
.funnel th.number, .funnel td.number { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* Eight columns: wide enough for all of them, or a card per row on a phone (below). */
.funnel-breakdown table { width: max-content; min-width: 100%; }
.funnel-breakdown tbody th, .funnel-breakdown thead th:first-child { position: sticky; left: 0; background: var(--paper); max-width: 12rem; overflow-wrap: anywhere; }
.funnel-empty { max-width: 48rem; }
.funnel-empty p { margin: 0 0 .6rem; }
.funnel-empty-title { font-weight: 600; }
pre.funnel-snippet { margin: 0 0 .5rem; padding: .6rem .75rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); overflow-x: auto; font-size: .875rem; }
.funnel-copy { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
.funnel-copied { color: var(--good); font-weight: 600; }
@media (max-width: 60rem) { .funnel-layout { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 40rem) {
  li.funnel-stage { grid-template-columns: minmax(0, 1fr) auto; }
  .funnel-numbers { text-align: end; }
  .funnel-track { grid-column: 1 / -1; grid-row: 2; min-height: 1.5rem; }
  /* Each figure in two lines, its number beside its words: three tall cards would fill the phone's first screen. */
  .funnel-figures { gap: .5rem; }
  .funnel-figure { padding: .4rem .75rem; }
  .funnel-figure dd { display: flex; align-items: baseline; gap: .6rem; }
  .funnel-figure-value { flex: none; font-size: 1.5rem; }
  /*
   * A card per form or source: its name, then its seven figures in two rows of four, each under
   * its column's name (table.ts's data-label). Nothing scrolls sideways, and a row reads at once.
   */
  .funnel-breakdown .table-scroll { overflow: visible; }
  .funnel-breakdown table, .funnel-breakdown tbody, .funnel-breakdown caption { display: block; width: auto; min-width: 0; }
  .funnel-breakdown caption { text-align: start; margin-bottom: .5rem; }
  .funnel-breakdown thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .funnel-breakdown tbody tr { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .5rem; padding: .6rem .75rem; margin-bottom: .5rem; border: 1px solid var(--line); border-radius: 8px; }
  .funnel-breakdown tbody th { grid-column: 1 / -1; position: static; max-width: none; padding: 0 0 .4rem; border: 0; border-bottom: 1px solid var(--line); background: none; text-align: start; overflow-wrap: anywhere; }
  .funnel-breakdown tbody td, .funnel-breakdown tbody td.number { display: flex; flex-direction: column; padding: 0; border: 0; text-align: start; font-weight: 600; }
  .funnel-breakdown tbody td::before { content: attr(data-label); color: var(--muted); font-size: .8rem; font-weight: 400; line-height: 1.3; }
}
`;

/**
 * The funnel view's rules, added to the page once: the view brings its own look, as the
 * calibration view does, and the admin page's CSP allows inline styles.
 */
export const useFunnelStyle = (): void => {
  if (document.getElementById('funnel-style')) return;
  document.head.append(h('style', { id: 'funnel-style' }, CSS));
};
