import { h } from '../src/dom.js';

/** A table with a caption and column headers; the first cell of each row heads its row. */
export const table = (caption: string, columns: string[], rows: (Node | string)[][], empty = 'Nothing yet.'): HTMLElement => {
  if (rows.length === 0) return h('p', { class: 'muted' }, `${caption}: ${empty}`);
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', { scope: 'col' }, column)))),
    h('tbody', {}, ...rows.map(([first = '', ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), ...rest.map((cell) => h('td', {}, cell))))),
  );
};
