import { h } from '../src/dom.js';
import { counted, percent, words } from './format.js';
import { scrollable } from './table.js';
import type { CalibrationCell } from './types.js';

/** Where each colour of the scale starts, in whole percents of SQL rate: steps a person tells apart at a glance. */
const STEPS = [0, 10, 20, 30, 50] as const;

const STEP_WORDS = STEPS.map((start, step) => {
  const next = STEPS[step + 1];
  return next === undefined ? `${start}% and more` : `${start}–${next - 1}%`;
});

/** The step of the percent the cell shows, so its colour never disagrees with its number. */
const stepOf = (sqlRate: number): number => STEPS.filter((start) => Math.round(sqlRate * 100) >= start).length - 1;

const cellOf = (cell: CalibrationCell): HTMLTableCellElement => {
  const marketing = cell.owner === 'marketing';
  const look = cell.sqlRate === null ? 'heat-none' : `heat-${stepOf(cell.sqlRate)}`;
  return h(
    'td',
    { class: ['heat', look, marketing ? 'heat-marketing' : ''].filter(Boolean).join(' '), 'data-grade': cell.grade, 'data-band': cell.band },
    h('span', { class: 'heat-rate' }, percent(cell.sqlRate)),
    h('span', { class: 'heat-count' }, counted(cell.mqls, 'MQL', 'MQLs')),
    ...(marketing ? [h('span', { class: 'heat-owner' }, 'to marketing')] : []),
  );
};

const swatch = (look: string, label: string): HTMLLIElement => h('li', {}, h('span', { class: `heat-swatch ${look}`, 'aria-hidden': 'true' }), label);

/**
 * Grade × band as a table a screen reader walks like any other (grade heads its row, band its
 * column), each cell the MQL → SQL rate over decided MQLs and how many MQLs it holds, coloured by
 * that rate; a legend says what the colours, "—" and the dashed cells mean.
 */
export const calibrationHeatmap = (cells: readonly CalibrationCell[]): HTMLElement => {
  // The API lists every cell, best grade and hottest band first: its order is the grid's.
  const grades = [...new Set(cells.map((cell) => cell.grade))];
  const bands = [...new Set(cells.map((cell) => cell.band))];
  const at = (grade: string, band: string) => cells.find((cell) => cell.grade === grade && cell.band === band);
  const caption = 'SQL rate by fit grade and interest band';
  const grid = h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Grade'), ...bands.map((band) => h('th', { scope: 'col' }, words(band))))),
    h(
      'tbody',
      {},
      ...grades.map((grade) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, grade),
          ...bands.map((band) => {
            const cell = at(grade, band);
            return cell ? cellOf(cell) : h('td', { class: 'heat heat-none' }, '—');
          }),
        ),
      ),
    ),
  );
  return h(
    'div',
    { class: 'heatmap' },
    scrollable(grid, caption),
    h(
      'ul',
      { class: 'heat-legend', 'aria-label': 'Heatmap legend' },
      ...STEPS.map((_, step) => swatch(`heat-${step}`, STEP_WORDS[step] ?? '')),
      swatch('heat-none', '— no MQL decided yet'),
      swatch('heat-marketing', 'to marketing: the playbook routes this grade and band to marketing today'),
    ),
  );
};
