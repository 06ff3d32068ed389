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

/** "3 Dec, 09:14": a date that fits one line of a list; the year only when it is not this one. */
export const shortDate = (iso: string | null | undefined, now = Date.now()): string => {
  if (!iso) return '—';
  const at = new Date(iso);
  const sameYear = at.getFullYear() === new Date(now).getFullYear();
  return at.toLocaleString(undefined, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), hour: '2-digit', minute: '2-digit' });
};

/** Scores are read at a glance: whole numbers (the API keeps the decimals). */
export const points = (value: number): string => String(Math.round(value) || 0);

/**
 * "2 h 10 min left", "Overdue 35 min": the time a rep has left to answer, in whole minutes (a
 * countdown in seconds would only make a list twitch). Over a day it reads in days and hours.
 */
export const countdown = (dueAt: string, now = Date.now()): { text: string; late: boolean } => {
  const minutes = Math.round((Date.parse(dueAt) - now) / 60_000);
  const span = (total: number): string => {
    const days = Math.floor(total / 1440);
    return days >= 1 ? `${days}\u00a0d${Math.floor((total % 1440) / 60) ? ` ${Math.floor((total % 1440) / 60)}\u00a0h` : ''}` : duration(total);
  };
  return minutes > 0 ? { text: `${span(minutes)} left`, late: false } : { text: minutes === 0 ? 'Due now' : `Overdue ${span(-minutes)}`, late: true };
};
