import { tzOffset } from '@date-fns/tz/tzOffset';
import { DAY_MS, HOUR_MS } from './time.js';

const MINUTE_MS = 60_000;

/** The keys of `workingHours`, indexed like `Date.getUTCDay()` (Sunday first). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Per weekday "HH:MM-HH:MM" on the local wall clock; a day left out is a day off. */
export type WorkingHours = Partial<Record<Weekday, string>>;

/** A day's working hours as minutes after local midnight; `end` may be 1440 ("24:00"). */
export interface DayHours {
  start: number;
  end: number;
}

const DAY_HOURS = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** "09:00-17:30" as minutes, or why it is not working hours: a day's hours never cross midnight. */
export const parseDayHours = (text: string): DayHours | { error: string } => {
  const match = DAY_HOURS.exec(text);
  if (!match) return { error: 'must be "HH:MM-HH:MM" on a 24-hour clock, such as "09:00-17:30" ("24:00" may end a day)' };
  const [, startH, startM, endH, endM, midnight] = match;
  const start = Number(startH) * 60 + Number(startM);
  const end = midnight ? 24 * 60 : Number(endH) * 60 + Number(endM);
  if (start >= end) return { error: `must start before it ends ("${text}" does not); hours that cross midnight are two days` };
  return { start, end };
};

/** The schema has already refused bad hours, so one here is our bug, not the user's. */
const dayHoursOf = (hours: WorkingHours, weekday: Weekday): DayHours | undefined => {
  const text = hours[weekday];
  if (text === undefined) return undefined;
  const parsed = parseDayHours(text);
  if ('error' in parsed) throw new RangeError(`working hours of ${weekday} ${parsed.error}`);
  return parsed;
};

const worksAtAll = (hours: WorkingHours): boolean => WEEKDAYS.some((weekday) => hours[weekday] !== undefined);

/**
 * The zone's offset from UTC at an instant, in ms, read from the instant itself (never through a
 * `Date` in the process's own zone, which would shift wall times in that zone's daylight-saving
 * gap). `tzOffset` (date-fns's own zone helper) builds its `Intl` format on first use: the first
 * `Intl.DateTimeFormat` of a process loads ICU's zone data (30–90 ms here), which `date-fns-tz`
 * paid at module load in every function that bundled it, used or not.
 */
const offsetAt = (timezone: string, instant: number): number => {
  const minutes = tzOffset(timezone, new Date(instant));
  if (Number.isNaN(minutes)) throw new RangeError(`unknown time zone "${timezone}"`);
  return Math.round(minutes * MINUTE_MS);
};

/** Local calendar days are counted like UTC ones: day N's wall-clock midnight "reads" as N × DAY_MS. */
const localDayOf = (timezone: string, instant: number): number => Math.floor((instant + offsetAt(timezone, instant)) / DAY_MS);

const weekdayOf = (day: number): Weekday => WEEKDAYS[new Date(day * DAY_MS).getUTCDay()] as Weekday;

/**
 * The instant a wall-clock time of `day` happens. On a day the clocks change, a time that
 * happens twice is taken the first time, and one the clocks skip is the instant they skip
 * (hours starting at 02:30 on a spring-forward night start when the clocks jump to 03:00).
 */
const instantsOf = (timezone: string, day: number): ((wall: number) => number) => {
  // Offsets never reach ±1 day, so these two lie before and after every instant of the day.
  const before = offsetAt(timezone, (day - 1) * DAY_MS);
  const after = offsetAt(timezone, (day + 2) * DAY_MS);
  if (before === after) return (wall) => wall - before;
  return (wall) => {
    const early = wall - before;
    const late = wall - after;
    const earlyHappens = offsetAt(timezone, early) === before;
    const lateHappens = offsetAt(timezone, late) === after;
    if (earlyHappens && lateHappens) return Math.min(early, late);
    if (earlyHappens) return early;
    if (lateHappens) return late;
    // Skipped: the clocks jump somewhere between `late` (still the old offset) and `early` (the new one).
    let low = late;
    let high = early;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetAt(timezone, middle) === before) low = middle;
      else high = middle;
    }
    return high;
  };
};

interface Span {
  start: number;
  end: number;
}

/** When the working hours of local `day` begin and end, as instants; a 23- or 25-hour day changes their length. */
const spanOn = (hours: WorkingHours, timezone: string, day: number): Span | undefined => {
  const dayHours = dayHoursOf(hours, weekdayOf(day));
  if (!dayHours) return undefined;
  const instantOf = instantsOf(timezone, day);
  const start = instantOf(day * DAY_MS + dayHours.start * MINUTE_MS);
  const end = instantOf(day * DAY_MS + dayHours.end * MINUTE_MS);
  // Hours lying wholly inside the hour a spring-forward skips do not happen that day.
  return start < end ? { start, end } : undefined;
};

/** Whether `at` falls inside the working hours, read on the local calendar of `timezone`. */
export const isWorking = (hours: WorkingHours, timezone: string, at: Date): boolean => {
  const instant = at.getTime();
  const span = spanOn(hours, timezone, localDayOf(timezone, instant));
  return span !== undefined && span.start <= instant && instant < span.end;
};

/*
 * The loops below walk the local calendar one day at a time, starting the day before `at`
 * (hours ending at "24:00" belong to the day before). They always end: a week with any working
 * hours has some on every week but the one or two a year whose change swallows them.
 */

/** `at` itself when working, else when the working hours next begin; undefined for a week with no working hours. */
export const nextWorkingMinute = (hours: WorkingHours, timezone: string, at: Date): Date | undefined => {
  if (!worksAtAll(hours)) return undefined;
  const instant = at.getTime();
  for (let day = localDayOf(timezone, instant) - 1; ; day += 1) {
    const span = spanOn(hours, timezone, day);
    if (span && span.end > instant) return new Date(Math.max(span.start, instant));
  }
};

/** The instant `hours` working hours after `start`: time outside the working hours does not count. */
export const addWorkingHours = (workingHours: WorkingHours, timezone: string, start: Date, hours: number): Date => {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`cannot add ${hours} working hours`);
  if (hours === 0) return start;
  if (!worksAtAll(workingHours)) throw new RangeError('cannot count working hours in a week without any');
  let remaining = hours * HOUR_MS;
  const instant = start.getTime();
  for (let day = localDayOf(timezone, instant) - 1; ; day += 1) {
    const span = spanOn(workingHours, timezone, day);
    if (!span || span.end <= instant) continue;
    const from = Math.max(span.start, instant);
    if (remaining <= span.end - from) return new Date(from + remaining);
    remaining -= span.end - from;
  }
};

/** Working minutes from `from` to `to` (fractional, as exact as the instants); 0 when `to` is not after `from`. */
export const workingMinutesBetween = (hours: WorkingHours, timezone: string, from: Date, to: Date): number => {
  const begin = from.getTime();
  const end = to.getTime();
  if (end <= begin) return 0;
  const lastDay = localDayOf(timezone, end);
  let total = 0;
  for (let day = localDayOf(timezone, begin) - 1; day <= lastDay; day += 1) {
    const span = spanOn(hours, timezone, day);
    if (span) total += Math.max(0, Math.min(span.end, end) - Math.max(span.start, begin));
  }
  return total / MINUTE_MS;
};
