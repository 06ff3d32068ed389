import { DAY_MS, HOUR_MS } from '../../functions/core/time.js';
import type { Absence } from './types.js';

/*
 * A rep is away for whole days of their own calendar: the form's days are read in the rep's time
 * zone, and an absence ends at the midnight after its last day (`to` is exclusive, SPEC "Away").
 * Intl knows every IANA zone, so the page needs no time-zone library.
 */

/** A calendar day as the date input holds it: YYYY-MM-DD. */
export type Day = string;

const offsetMs = (timezone: string, at: number): number => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone: UTC itself
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR_MS + Number(match[3]) * 60_000);
};

/** The day `at` falls on in `timezone`. */
export const dayIn = (timezone: string, at: number): Day => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
};

export const dayAfter = (day: Day): Day => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The instant `day` begins in `timezone`; read twice, as the offset at the guess may differ from the offset at the answer. */
export const midnightIn = (timezone: string, day: Day): Date => {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const guess = wall - offsetMs(timezone, wall);
  return new Date(wall - offsetMs(timezone, guess));
};

/** An absence from the first to the last day away, both included. */
export const absenceFor = (timezone: string, first: Day, last: Day, note: string): Absence => ({
  from: midnightIn(timezone, first).toISOString(),
  to: midnightIn(timezone, dayAfter(last)).toISOString(),
  ...(note ? { note } : {}),
});

const dayWords = (timezone: string, at: number): string => new Intl.DateTimeFormat(undefined, { timeZone: timezone, day: 'numeric', month: 'short' }).format(at);

/** "17 Aug": the last day away when the absence ends at a midnight, else "17 Aug, 14:00" when it ends. */
export const lastDayWords = (absence: Absence, timezone: string): string => {
  const to = Date.parse(absence.to);
  const endsAtMidnight = dayIn(timezone, to) !== dayIn(timezone, to - 1);
  if (endsAtMidnight) return dayWords(timezone, to - 1);
  return new Intl.DateTimeFormat(undefined, { timeZone: timezone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(to);
};

export const firstDayWords = (absence: Absence, timezone: string): string => dayWords(timezone, Date.parse(absence.from));
