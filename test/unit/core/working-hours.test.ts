import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingHours,
  isWorking,
  nextWorkingMinute,
  parseDayHours,
  workingMinutesBetween,
  type WorkingHours,
} from '../../../functions/core/working-hours.js';
import { named } from '../../helpers/factories.js';
import { specWorkingHours } from './team-factories.js';

/*
 * Instants are written with the offset the zone has at that moment, so each expectation states
 * the daylight-saving fact it relies on (Berlin: +01:00 in winter, +02:00 in summer; New York:
 * -05:00 and -04:00) instead of trusting the code under test to convert.
 */
const at = (iso: string): Date => new Date(iso);

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const ALL_DAY_SUNDAY: WorkingHours = { sun: '00:00-24:00' };
const NINE_TO_FIVE: WorkingHours = { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00' };

describe('parseDayHours', () => {
  it('reads a day as minutes after local midnight', () => {
    // Act
    const parsed = parseDayHours('09:00-17:30');

    // Assess
    expect(parsed).toEqual({ start: 540, end: 1050 });
  });

  it('reads "24:00" as the end of the day', () => {
    // Act
    const parsed = parseDayHours('00:00-24:00');

    // Assess
    expect(parsed).toEqual({ start: 0, end: 1440 });
  });

  it.each(['9:00-17:00', '09:00 - 17:00', '09:00-17:00 ', '09.00-17.00', '09:00-24:30', '24:00-24:00', '23:60-24:00', '', '09:00'])(
    'refuses "%s"',
    (text) => {
      // Act
      const parsed = parseDayHours(text);

      // Assess
      expect(parsed).toHaveProperty('error');
    },
  );
});

describe('isWorking', () => {
  it.each(
    named<{ behaviour: string; instant: string; working: boolean }>([
      { behaviour: 'a Wednesday at 10:00 in Berlin is working', instant: '2026-06-03T10:00:00+02:00', working: true },
      { behaviour: 'the first minute of the day is working', instant: '2026-06-03T09:00:00+02:00', working: true },
      { behaviour: 'the minute before the day starts is not', instant: '2026-06-03T08:59:59+02:00', working: false },
      { behaviour: 'the end of the day is not (hours end before it)', instant: '2026-06-03T17:30:00+02:00', working: false },
      { behaviour: 'Friday 16:30 is not (Friday ends at 16:00)', instant: '2026-06-05T16:30:00+02:00', working: false },
      { behaviour: 'a Saturday is not', instant: '2026-06-06T10:00:00+02:00', working: false },
      { behaviour: 'Monday 07:00 UTC is working: it is 09:00 on the Berlin clock', instant: '2026-06-08T07:00:00Z', working: true },
    ]),
  )('%s', (_, { instant, working }) => {
    // Act
    const result = isWorking(specWorkingHours(), BERLIN, at(instant));

    // Assess
    expect(result).toBe(working);
  });

  it('follows Berlin into summer time: Monday 09:00 is 08:00 UTC before the change and 07:00 UTC after it', () => {
    // Act
    const before = [isWorking(specWorkingHours(), BERLIN, at('2026-03-23T07:30:00Z')), isWorking(specWorkingHours(), BERLIN, at('2026-03-23T08:00:00Z'))];
    const after = [isWorking(specWorkingHours(), BERLIN, at('2026-03-30T06:59:00Z')), isWorking(specWorkingHours(), BERLIN, at('2026-03-30T07:00:00Z'))];

    // Assess
    expect(before).toEqual([false, true]);
    expect(after).toEqual([false, true]);
  });

  it('follows New York back to standard time: Monday 09:00 is 13:00 UTC before 2026-11-01 and 14:00 UTC after it', () => {
    // Act
    const before = [isWorking(NINE_TO_FIVE, NEW_YORK, at('2026-10-26T12:59:00Z')), isWorking(NINE_TO_FIVE, NEW_YORK, at('2026-10-26T13:00:00Z'))];
    const after = [isWorking(NINE_TO_FIVE, NEW_YORK, at('2026-11-02T13:59:00Z')), isWorking(NINE_TO_FIVE, NEW_YORK, at('2026-11-02T14:00:00Z'))];

    // Assess
    expect(before).toEqual([false, true]);
    expect(after).toEqual([false, true]);
  });

  it('reads one instant on each zone\'s own clock: 15:00 in Berlin is 09:00 in New York', () => {
    // Prepare
    const instant = at('2026-06-03T15:00:00+02:00');

    // Act
    const berlin = isWorking({ wed: '14:00-15:00' }, BERLIN, instant);
    const newYork = isWorking({ wed: '09:00-10:00' }, NEW_YORK, instant);

    // Assess
    expect([berlin, newYork]).toEqual([false, true]);
  });

  it('counts the last hour of a day that ends at "24:00", and not the next midnight', () => {
    // Prepare
    const lateShift: WorkingHours = { mon: '22:00-24:00' };

    // Act
    const lateMonday = isWorking(lateShift, BERLIN, at('2026-06-01T23:59:00+02:00'));
    const tuesdayMidnight = isWorking(lateShift, BERLIN, at('2026-06-02T00:00:00+02:00'));

    // Assess
    expect([lateMonday, tuesdayMidnight]).toEqual([true, false]);
  });

  it('throws on hours the schema would have refused: they are a bug, not user input', () => {
    // Act
    const check = () => isWorking({ mon: '9-5' }, BERLIN, at('2026-06-01T10:00:00+02:00'));

    // Assess
    expect(check).toThrow(new RangeError('working hours of mon must be "HH:MM-HH:MM" on a 24-hour clock, such as "09:00-17:30" ("24:00" may end a day)'));
  });

  it('throws on a time zone that does not exist', () => {
    // Act
    const check = () => isWorking(NINE_TO_FIVE, 'Europe/Atlantis', at('2026-06-01T10:00:00Z'));

    // Assess
    expect(check).toThrow(RangeError);
  });
});

describe('days when the clocks change', () => {
  it.each(
    named<{ behaviour: string; timezone: string; from: string; to: string; minutes: number }>([
      { behaviour: 'Berlin springs forward on 2026-03-29: a 23-hour day', timezone: BERLIN, from: '2026-03-28T12:00:00Z', to: '2026-03-30T12:00:00Z', minutes: 23 * 60 },
      { behaviour: 'Berlin falls back on 2026-10-25: a 25-hour day', timezone: BERLIN, from: '2026-10-24T12:00:00Z', to: '2026-10-26T12:00:00Z', minutes: 25 * 60 },
      { behaviour: 'New York springs forward on 2026-03-08: a 23-hour day', timezone: NEW_YORK, from: '2026-03-07T12:00:00Z', to: '2026-03-09T12:00:00Z', minutes: 23 * 60 },
      { behaviour: 'New York falls back on 2026-11-01: a 25-hour day', timezone: NEW_YORK, from: '2026-10-31T12:00:00Z', to: '2026-11-02T12:00:00Z', minutes: 25 * 60 },
      { behaviour: 'an ordinary Sunday in Berlin: a 24-hour day', timezone: BERLIN, from: '2026-06-06T12:00:00Z', to: '2026-06-08T12:00:00Z', minutes: 24 * 60 },
    ]),
  )('%s', (_, { timezone, from, to, minutes }) => {
    // Act
    const counted = workingMinutesBetween(ALL_DAY_SUNDAY, timezone, at(from), at(to));

    // Assess
    expect(counted).toBe(minutes);
  });

  it('starts a working day whose start the spring-forward skips when the clocks jump past it (02:30 is 03:00)', () => {
    // Prepare
    const hours: WorkingHours = { sun: '02:30-04:00' };

    // Act
    const start = nextWorkingMinute(hours, BERLIN, at('2026-03-28T12:00:00+01:00'));
    const minutes = workingMinutesBetween(hours, BERLIN, at('2026-03-28T12:00:00+01:00'), at('2026-03-30T00:00:00+02:00'));

    // Assess
    expect(start).toEqual(at('2026-03-29T03:00:00+02:00'));
    expect(minutes).toBe(60);
  });

  it('ends a working day whose end the spring-forward skips when the clocks jump (02:30 is 03:00)', () => {
    // Act
    const minutes = workingMinutesBetween({ sun: '01:00-02:30' }, NEW_YORK, at('2026-03-07T12:00:00-05:00'), at('2026-03-09T00:00:00-04:00'));

    // Assess
    expect(minutes).toBe(60);
  });

  it('starts a working day whose start the fall-back repeats the first time (02:30 summer time)', () => {
    // Prepare
    const hours: WorkingHours = { sun: '02:30-03:30' };

    // Act
    const start = nextWorkingMinute(hours, BERLIN, at('2026-10-24T12:00:00+02:00'));
    const minutes = workingMinutesBetween(hours, BERLIN, at('2026-10-24T12:00:00+02:00'), at('2026-10-26T00:00:00+01:00'));

    // Assess
    expect(start).toEqual(at('2026-10-25T02:30:00+02:00'));
    expect(minutes).toBe(120);
  });

  it('skips working hours that fall wholly inside the skipped hour, and finds them again a week later', () => {
    // Prepare
    const hours: WorkingHours = { sun: '02:10-02:50' };

    // Act
    const minutesThatNight = workingMinutesBetween(hours, NEW_YORK, at('2026-03-07T12:00:00-05:00'), at('2026-03-09T00:00:00-04:00'));
    const next = nextWorkingMinute(hours, NEW_YORK, at('2026-03-07T12:00:00-05:00'));

    // Assess
    expect(minutesThatNight).toBe(0);
    expect(next).toEqual(at('2026-03-15T02:10:00-04:00'));
  });
});

describe('nextWorkingMinute', () => {
  it('is the instant itself inside working hours', () => {
    // Prepare
    const instant = at('2026-06-03T10:17:42.5+02:00');

    // Act
    const next = nextWorkingMinute(specWorkingHours(), BERLIN, instant);

    // Assess
    expect(next).toEqual(instant);
  });

  it('is Monday 09:00 from a Friday evening, on the summer-time clock after the change', () => {
    // Act
    const next = nextWorkingMinute(specWorkingHours(), BERLIN, at('2026-03-27T18:00:00+01:00'));

    // Assess
    expect(next).toEqual(at('2026-03-30T09:00:00+02:00'));
  });

  it('is the next day\'s start from the end of a working day', () => {
    // Act
    const next = nextWorkingMinute(specWorkingHours(), BERLIN, at('2026-06-03T17:30:00+02:00'));

    // Assess
    expect(next).toEqual(at('2026-06-04T09:00:00+02:00'));
  });

  it('is later the same day before the day starts', () => {
    // Act
    const next = nextWorkingMinute(specWorkingHours(), NEW_YORK, at('2026-11-02T06:00:00-05:00'));

    // Assess
    expect(next).toEqual(at('2026-11-02T09:00:00-05:00'));
  });

  it('is a week later for a rep who works one morning a week and just missed it', () => {
    // Act
    const next = nextWorkingMinute({ mon: '08:00-12:00' }, BERLIN, at('2026-06-01T12:00:00+02:00'));

    // Assess
    expect(next).toEqual(at('2026-06-08T08:00:00+02:00'));
  });

  it('is undefined for a week without working hours', () => {
    // Act
    const next = nextWorkingMinute({}, BERLIN, at('2026-06-01T12:00:00Z'));

    // Assess
    expect(next).toBeUndefined();
  });
});

describe('addWorkingHours', () => {
  it('ends 4 working hours after Friday 15:00 in Berlin on Monday 12:00: one hour on Friday, three on Monday', () => {
    // Act
    const deadline = addWorkingHours(specWorkingHours(), BERLIN, at('2026-06-05T15:00:00+02:00'), 4);

    // Assess
    expect(deadline).toEqual(at('2026-06-08T12:00:00+02:00'));
  });

  it('ends on Monday 12:00 summer time over the weekend Berlin springs forward (68 hours, though the clocks show 69)', () => {
    // Act
    const deadline = addWorkingHours(specWorkingHours(), BERLIN, at('2026-03-27T15:00:00+01:00'), 4);

    // Assess
    expect(deadline).toEqual(at('2026-03-30T12:00:00+02:00'));
    expect((deadline.getTime() - at('2026-03-27T15:00:00+01:00').getTime()) / 3_600_000).toBe(68);
  });

  it('ends on Monday 12:00 winter time over the weekend Berlin falls back (70 hours, though the clocks show 69)', () => {
    // Act
    const deadline = addWorkingHours(specWorkingHours(), BERLIN, at('2026-10-23T15:00:00+02:00'), 4);

    // Assess
    expect(deadline).toEqual(at('2026-10-26T12:00:00+01:00'));
    expect((deadline.getTime() - at('2026-10-23T15:00:00+02:00').getTime()) / 3_600_000).toBe(70);
  });

  it('ends on Monday 10:00 over the weekend New York falls back, from Friday 16:00', () => {
    // Act
    const deadline = addWorkingHours(NINE_TO_FIVE, NEW_YORK, at('2026-10-30T16:00:00-04:00'), 2);

    // Assess
    expect(deadline).toEqual(at('2026-11-02T10:00:00-05:00'));
  });

  it('ends on Monday 10:00 over the weekend New York springs forward, from Friday 16:00', () => {
    // Act
    const deadline = addWorkingHours(NINE_TO_FIVE, NEW_YORK, at('2026-03-06T16:00:00-05:00'), 2);

    // Assess
    expect(deadline).toEqual(at('2026-03-09T10:00:00-04:00'));
  });

  it('starts counting at the next working minute when it starts off hours', () => {
    // Act
    const deadline = addWorkingHours(specWorkingHours(), BERLIN, at('2026-06-06T11:00:00+02:00'), 1.5);

    // Assess
    expect(deadline).toEqual(at('2026-06-08T10:30:00+02:00'));
  });

  it('ends at the close of the day when the hours fit exactly', () => {
    // Act
    const deadline = addWorkingHours(specWorkingHours(), BERLIN, at('2026-06-05T12:00:00+02:00'), 4);

    // Assess
    expect(deadline).toEqual(at('2026-06-05T16:00:00+02:00'));
  });

  it('counts weeks of working days: 100 hours of 9 to 5 from a Monday end on the third Wednesday at 13:00', () => {
    // Act
    const deadline = addWorkingHours(NINE_TO_FIVE, 'UTC', at('2026-06-01T09:00:00Z'), 100);

    // Assess
    expect(deadline).toEqual(at('2026-06-17T13:00:00Z'));
  });

  it('is the start itself for 0 hours', () => {
    // Prepare
    const start = at('2026-06-06T11:00:00+02:00');

    // Act
    const deadline = addWorkingHours(specWorkingHours(), BERLIN, start, 0);

    // Assess
    expect(deadline).toEqual(start);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses to add %s hours', (hours) => {
    // Act
    const add = () => addWorkingHours(specWorkingHours(), BERLIN, at('2026-06-01T10:00:00Z'), hours);

    // Assess
    expect(add).toThrow(new RangeError(`cannot add ${hours} working hours`));
  });

  it('refuses to count in a week without working hours, which would never end', () => {
    // Act
    const add = () => addWorkingHours({}, BERLIN, at('2026-06-01T10:00:00Z'), 1);

    // Assess
    expect(add).toThrow(new RangeError('cannot count working hours in a week without any'));
  });
});

describe('workingMinutesBetween', () => {
  it('counts two working hours from Friday 15:00 to Monday 10:00 in Berlin', () => {
    // Act
    const minutes = workingMinutesBetween(specWorkingHours(), BERLIN, at('2026-06-05T15:00:00+02:00'), at('2026-06-08T10:00:00+02:00'));

    // Assess
    expect(minutes).toBe(120);
  });

  it('counts fractions of a minute exactly', () => {
    // Act
    const minutes = workingMinutesBetween(specWorkingHours(), BERLIN, at('2026-06-03T10:00:00+02:00'), at('2026-06-03T10:00:30+02:00'));

    // Assess
    expect(minutes).toBe(0.5);
  });

  it('counts a working week of the SPEC team: 4 × 8.5 + 7 hours', () => {
    // Act
    const minutes = workingMinutesBetween(specWorkingHours(), BERLIN, at('2026-06-01T00:00:00+02:00'), at('2026-06-08T00:00:00+02:00'));

    // Assess
    expect(minutes).toBe((4 * 8.5 + 7) * 60);
  });

  it.each([
    ['equal', '2026-06-03T10:00:00Z'],
    ['earlier', '2026-06-03T09:00:00Z'],
  ])('is 0 when the end is %s to the start', (_, end) => {
    // Act
    const minutes = workingMinutesBetween(specWorkingHours(), BERLIN, at('2026-06-03T10:00:00Z'), at(end));

    // Assess
    expect(minutes).toBe(0);
  });

  it('measures exactly the hours addWorkingHours added, in any zone, from any start', () => {
    // Prepare
    const aSchedule = fc.dictionary(
      fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
      // At least an hour a working day, so 40 hours fit in well under a year of days.
      fc.tuple(fc.integer({ min: 0, max: 1380 }), fc.integer({ min: 60, max: 1440 })).filter(([start, end]) => end - start >= 60),
      { minKeys: 1 },
    );
    const pad = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const toHours = (schedule: Record<string, [number, number]>): WorkingHours =>
      Object.fromEntries(Object.entries(schedule).map(([day, [start, end]]) => [day, `${pad(start)}-${pad(end)}`]));

    fc.assert(
      fc.property(
        aSchedule,
        fc.constantFrom(BERLIN, NEW_YORK, 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe'),
        fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 60 * 40 }),
        (schedule, timezone, start, minutes) => {
          // Act
          const hours = toHours(schedule);
          const deadline = addWorkingHours(hours, timezone, start, minutes / 60);
          const measured = workingMinutesBetween(hours, timezone, start, deadline);

          // Assess
          expect(measured).toBeCloseTo(minutes, 9);
          expect(deadline.getTime()).toBeGreaterThanOrEqual(start.getTime());
        },
      ),
      { numRuns: 200 },
    );
  });
});
