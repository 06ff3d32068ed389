import { h } from '../src/dom.js';

/**
 * A table wider than the page (a phone) scrolls in its own box. Then, and only then, the box is a
 * named region a keyboard can reach to scroll it (axe: scrollable-region-focusable); on a wide
 * screen it adds no tab stop.
 */
export const scrollable = (element: HTMLTableElement, caption: string): HTMLElement => {
  const box = h('div', { class: 'table-scroll' }, element);
  new ResizeObserver(() => {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', caption);
    } else {
      for (const name of ['tabindex', 'role', 'aria-label']) box.removeAttribute(name);
    }
  }).observe(box);
  return box;
};

/**
 * A table with a caption and column headers; the first cell of each row heads its row. Columns
 * named in `optional` carry the class a phone-wide page hides, so the rest stay readable at 390 px;
 * `classes` gives other named columns a class of their own (to size them, say).
 */
export const table = (
  caption: string,
  columns: string[],
  rows: (Node | string)[][],
  empty = 'Nothing yet.',
  optional: readonly string[] = [],
  classes: Readonly<Record<string, string>> = {},
): HTMLElement => {
  if (rows.length === 0) return h('p', { class: 'muted' }, `${caption}: ${empty}`);
  const classOf = (index: number) => {
    const column = columns[index] ?? '';
    return [optional.includes(column) ? 'optional' : '', classes[column] ?? ''].filter(Boolean).join(' ') || undefined;
  };
  return scrollable(
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...columns.map((column, index) => h('th', { scope: 'col', class: classOf(index) }, column)))),
      // Each cell names its column (`data-label`): a phone-wide page may lay a row out as a card, each value under its name.
      h('tbody', {}, ...rows.map(([first = '', ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), ...rest.map((cell, index) => h('td', { class: classOf(index + 1), 'data-label': columns[index + 1] }, cell))))),
    ),
    caption,
  );
};
