import { DAY_MS } from '../../functions/core/time.js';

/*
 * The period presets and how the address keeps a choice: no DOM here, so the rules are unit
 * tested without a browser (test/unit/widget/admin-period.test.ts).
 */

/** A report period as the API reads it: ISO days, both included, each a whole UTC day (SPEC "HTTP API"). */
export interface Period {
  from: string;
  to: string;
}

export const day = (at: Date): string => at.toISOString().slice(0, 10);

/** The periods a marketer asks for most, and "Custom" for any other. */
export const PERIOD_PRESETS = [
  { id: 'last-7-days', label: 'Last 7 days' },
  { id: 'last-30-days', label: 'Last 30 days' },
  { id: 'last-90-days', label: 'Last 90 days' },
  { id: 'this-quarter', label: 'This quarter' },
  { id: 'custom', label: 'Custom' },
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]['id'];

const isPeriodPreset = (value: string | null): value is PeriodPreset => PERIOD_PRESETS.some((preset) => preset.id === value);

/** A person's choice: a preset, or "custom" with its own days. */
export type PeriodChoice = { preset: Exclude<PeriodPreset, 'custom'> } | ({ preset: 'custom' } & Period);

const LAST_DAYS = { 'last-7-days': 7, 'last-30-days': 30, 'last-90-days': 90 } as const;

/**
 * The days a preset covers, today included, in UTC as the API counts them: "Last 7 days" is
 * today and the six before; "This quarter" runs from the first day of the quarter to today.
 */
export const presetPeriod = (preset: Exclude<PeriodPreset, 'custom'>, now: Date): Period => {
  if (preset === 'this-quarter') return { from: day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (now.getUTCMonth() % 3), 1))), to: day(now) };
  return { from: day(new Date(now.getTime() - (LAST_DAYS[preset] - 1) * DAY_MS)), to: day(now) };
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A choice as kept in a URL's query (`period`, and `from`/`to` for a custom one); anything unreadable is the default. */
export const choiceOf = (query: URLSearchParams, prefix: string, fallback: PeriodChoice = { preset: 'last-30-days' }): PeriodChoice => {
  const preset = query.get(`${prefix}-period`);
  const [from, to] = [query.get(`${prefix}-from`) ?? '', query.get(`${prefix}-to`) ?? ''];
  if (preset === 'custom') return ISO_DAY.test(from) && ISO_DAY.test(to) && from <= to ? { preset, from, to } : fallback;
  // Only a preset's name is kept: its days are today's, not the day the address was saved.
  return isPeriodPreset(preset) && preset !== 'custom' ? { preset } : fallback;
};

/** Writes a choice into a URL's query, leaving the rest of it as it was. */
export const keepChoice = (query: URLSearchParams, prefix: string, choice: PeriodChoice): void => {
  query.set(`${prefix}-period`, choice.preset);
  for (const bound of ['from', 'to'] as const) {
    if (choice.preset === 'custom') query.set(`${prefix}-${bound}`, choice[bound]);
    else query.delete(`${prefix}-${bound}`);
  }
};
