export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const shown = (value: unknown): string =>
  value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);

export const percent = (ratio: number | null): string => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);
