export interface Column {
  title: string;
  /** Numbers line up on the right, so their digits compare at a glance. */
  align?: 'left' | 'right';
}

const GAP = '  ';

const widthOf = (text: string): number => [...text].length;

const pad = (text: string, width: number, align: Column['align']): string => {
  const fill = ' '.repeat(Math.max(0, width - widthOf(text)));
  return align === 'right' ? fill + text : text + fill;
};

/** A plain-text table with aligned columns, a header row and no trailing spaces. */
export const formatTable = (columns: readonly Column[], rows: readonly (readonly string[])[], indent = '  '): string[] => {
  const widths = columns.map((column, i) => Math.max(widthOf(column.title), ...rows.map((row) => widthOf(row[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    (indent + columns.map((column, i) => pad(cells[i] ?? '', widths[i] ?? 0, column.align)).join(GAP)).trimEnd();
  return [line(columns.map((c) => c.title)), ...rows.map(line)];
};
