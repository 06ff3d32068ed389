import { DAY_MS, HOUR_MS } from '../../functions/core/time.js';

export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const shown = (value: unknown): string =>
  value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);

export const percent = (ratio: number | null): string => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);

/** "1 MQL", "1,204 MQLs": a count with its noun, in the reader's digits. */
export const counted = (count: number, one: string, many: string): string => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** A lift as "1.8×": one decimal tells 1.8 from 2.0 without promising precision a few leads cannot give. */
export const times = (lift: number | null): string => (lift === null ? '—' : `${lift.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}×`);

/** An id a playbook names (`not_ready`) as words (`Not ready`): return reasons have no labels of their own. */
export const words = (id: string): string => {
  const text = id.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** "in 3 h", "2 days ago": how far `iso` lies from now, in the unit a person would say. */
export const fromNow = (iso: string, now = Date.now()): string => {
  const ms = Date.parse(iso) - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  if (Math.abs(ms) >= DAY_MS) return format.format(Math.round(ms / DAY_MS), 'day');
  if (Math.abs(ms) >= HOUR_MS) return format.format(Math.round(ms / HOUR_MS), 'hour');
  return format.format(Math.round(ms / 60_000), 'minute');
};

/**
 * "7 min", "2 h 10 min", "40 s": a duration given in minutes as a person says it; "—" for none.
 * Under a minute the seconds are kept (the API gives tenths of a minute): "0 min" would hide
 * the difference between a rep who answered at once and one who took 50 s.
 */
export const duration = (minutes: number | null | undefined): string => {
  if (minutes === null || minutes === undefined) return '—';
  if (minutes < 1) return `${Math.round(minutes * 60)}\u00a0s`;
  // Rounded before it is split, so 59.6 minutes reads "1 h", never "60 min".
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole}\u00a0min`;
  const rest = whole % 60;
  return `${Math.floor(whole / 60)}\u00a0h${rest ? ` ${rest}\u00a0min` : ''}`;
};
