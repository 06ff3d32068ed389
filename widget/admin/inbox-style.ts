import { h } from '../src/dom.js';

const CSS = `
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.inbox { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; align-items: start; }
.inbox.open { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); }
/* A lead open beside the list leaves it room for who, scores and time left only. */
.inbox.open .lead-table :is(.col-company, .col-form, .col-asked, .col-rep, .col-date, .col-interest) { display: none; }
.inbox.open .lead-name .muted { display: none; }
/* The heading takes focus when a lead opens, for screen readers to start there; it is no control, so it draws no ring. */
#lead-title:focus { outline: none; }
section.lead tbody th { white-space: nowrap; }
.stage .count { display: inline-block; margin-inline-start: .45rem; padding: 0 .45rem; border-radius: 999px; background: var(--band); color: var(--ink); font-size: .85em; font-variant-numeric: tabular-nums; }
.stage .count:empty { display: none; }
button.mine { margin-inline-start: auto; }
.me { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: end; margin: -.25rem 0 .75rem; }
.hint { color: var(--muted); }
.me[hidden] { display: none; }
.me p { margin: 0; flex: 1 1 16rem; font-size: .9em; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: .5rem; }
.toolbar .search { flex: 1 1 16rem; max-width: 32rem; }
.toolbar .search input { width: 100%; }
details.filters { margin-bottom: .75rem; }
details.filters summary { cursor: pointer; color: var(--brand); font-weight: 600; padding: .25rem 0; width: max-content; }
.filter-fields { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; padding: .5rem 0 .25rem; }
.filter-fields label { font-weight: 400; color: var(--muted); }
.filter-fields select { max-width: 14rem; }
.filter-fields .check { display: flex; gap: .4rem; align-items: center; padding-bottom: .4rem; }
.filter-fields .check label { margin: 0; color: var(--ink); }
.filter-fields .check input { width: 1.1rem; height: 1.1rem; margin: 0; }
.export-note { margin: 0 0 .5rem; font-size: .9em; }
.export-note:empty { display: none; }
.lead-table th, .lead-table td { white-space: nowrap; vertical-align: middle; }
/* Text columns share what is left and end in an ellipsis: a row stays one line however long a company's name. */
.lead-table :is(td, th).col-lead { width: 20%; max-width: 0; }
.lead-table :is(td, th):is(.col-company, .col-form) { width: 12%; max-width: 0; }
.lead-table :is(td, th).col-asked { width: 26%; max-width: 0; }
.lead-table :is(td, th):is(.col-lead, .col-company, .col-form, .col-asked) { overflow: hidden; text-overflow: ellipsis; }
.inbox.open .lead-table :is(td, th).col-lead { width: auto; }
.lead-name { display: block; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lead-name .muted { text-decoration: none; }
.lead-table tbody tr[aria-current=true] { background: var(--band); }
.lead-table tbody tr.overdue > th { box-shadow: inset 3px 0 var(--bad); }
.lead-table .due { font-variant-numeric: tabular-nums; }
.due.late { color: var(--bad); font-weight: 700; }
.lead-head { display: flex; justify-content: space-between; align-items: start; gap: 1rem; }
.lead-head h2 { margin: 0; overflow-wrap: anywhere; }
.lead-head .contact { margin: .15rem 0 0; overflow-wrap: anywhere; }
.lead-head .contact a { color: var(--brand); }
.badges { display: flex; flex-wrap: wrap; gap: .4rem; margin: .6rem 0 .25rem; }
.badge { border: 1px solid var(--line); border-radius: 999px; padding: 0 .6rem; font-size: .9em; }
.badge.late { border-color: var(--bad); color: var(--bad); font-weight: 700; }
.asked-block { border-inline-start: 4px solid var(--brand); background: var(--band); border-radius: 0 8px 8px 0; padding: .5rem 1rem; margin: .5rem 0 1rem; }
.asked-block h3 { margin: .25rem 0 .5rem; }
.asked-block blockquote { margin: 0 0 .5rem; font-size: 1.05rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.asked-block dl.facts { margin-bottom: .5rem; }
.asked-block .source { margin: 0; font-size: .9em; }
.decide .actions { align-items: center; }
form.reject { margin: 0 0 .75rem; }
fieldset.chips { display: flex; flex-wrap: wrap; gap: .5rem; }
fieldset.chips legend { flex-basis: 100%; margin-bottom: .35rem; }
label.chip { position: relative; display: inline-flex; margin: 0; font-weight: 400; border: 1px solid var(--muted); border-radius: 999px; padding: .3rem .85rem; cursor: pointer; }
label.chip input { position: absolute; inset: 0; opacity: 0; margin: 0; cursor: pointer; }
label.chip:has(input:checked) { background: var(--brand); border-color: var(--brand); color: var(--on-brand); font-weight: 600; }
label.chip:has(input:focus-visible) { outline: 2px solid var(--brand); outline-offset: 2px; }
@media (max-width: 75rem) {
  /* No room for both: the open lead takes the page, its Close button (or Back) brings the list again. */
  .inbox.open { grid-template-columns: minmax(0, 1fr); }
  .inbox.open > .leads { display: none; }
}
@media (max-width: 40rem) {
  /*
   * A card per lead: who and the time left on top; company and form; what they asked; the scores.
   * Flex order places the cells; the row's ::before is the line break after the first line.
   */
  /* The stage tabs scroll sideways in one strip, as a phone's tabs do, instead of piling up four rows. */
  .leads .stages { flex-wrap: nowrap; overflow-x: auto; gap: .3rem; padding-bottom: .25rem; scrollbar-width: thin; }
  .leads button.stage { flex: none; padding: .3rem .6rem; }
  .lead-table.table-scroll { overflow: visible; }
  .lead-table table, .lead-table tbody, .lead-table caption { display: block; }
  .lead-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .lead-table tbody tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .6rem; padding: .6rem .75rem; margin-bottom: .5rem; border: 1px solid var(--line); border-radius: 8px; }
  .lead-table tbody tr.overdue { border-color: var(--bad); box-shadow: inset 4px 0 var(--bad); }
  .lead-table tbody tr.overdue > th { box-shadow: none; }
  .lead-table tbody :is(th, td), .lead-table tbody :is(th, td):is(.col-lead, .col-company, .col-form, .col-asked) { display: block; border: 0; padding: 0; width: auto; max-width: 100%; }
  .lead-table tbody th.col-lead { order: 1; flex: 1 1 100%; min-width: 0; }
  .lead-table .lead-name .muted { display: block; overflow: hidden; text-overflow: ellipsis; }
  /* The time left sits in the card's corner whatever the name's length: flex would wrap it under a long one. */
  .lead-table tbody tr { position: relative; }
  .lead-table tbody th.col-lead { padding-inline-end: 8.5rem; }
  .lead-table tbody td.col-due { position: absolute; top: .6rem; inset-inline-end: .75rem; text-align: end; }
  .lead-table tbody td.col-company { order: 4; }
  .lead-table tbody td.col-form { order: 5; color: var(--muted); }
  .lead-table tbody td.col-company:not(.blank) + td.col-form::before { content: "· "; }
  .lead-table tbody td.col-asked { order: 6; flex-basis: 100%; }
  .lead-table tbody td.col-score { order: 7; }
  .lead-table tbody td.col-rep { order: 8; }
  .lead-table tbody td.col-date { order: 9; margin-inline-start: auto; color: var(--muted); }
  .lead-table tbody td:is(.col-score, .col-rep)[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
  .lead-table tbody td.blank { display: none; }
}
`;

/** The inbox's rules, added to the page once: a view brings its own look (as calibration-style.ts does), and the CSP allows inline styles. */
export const useInboxStyle = (): void => {
  if (document.getElementById('inbox-style')) return;
  document.head.append(h('style', { id: 'inbox-style' }, CSS));
};
