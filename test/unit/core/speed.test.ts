import { describe, expect, it } from 'vitest';
import { repsOf, speed, type Assignment, type SpeedLead, type Stage, type Transition } from '../../../functions/core/index.js';
import { aRepInput, aTeamOf } from './team-factories.js';

/*
 * Berlin is at +01:00 all March 2025 (summer time starts on the 30th), so its 09:00-17:00 is
 * 08:00Z-16:00Z. Monday 3 March 2025 is the first working day of the week; 8 and 9 March are
 * the weekend.
 */
const NINE_TO_FIVE = { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00' };
const TEAM = aTeamOf(
  [aRepInput({ id: 'ana', name: 'Ana Ruiz', email: 'ana@example.com' }), aRepInput({ id: 'ben', name: 'Ben Okafor', email: 'ben@example.com' })],
  { timezone: 'Europe/Berlin', workingHours: NINE_TO_FIVE },
);
const REPS = new Map([[TEAM.id, repsOf(TEAM)]]);

const MONDAY_9 = '2025-03-03T08:00:00.000Z';
const PERIOD = [new Date('2025-03-01T00:00:00.000Z'), new Date('2025-03-31T23:59:59.999Z')] as const;

/** `minutes` after an instant, as ISO 8601. */
const plus = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Ana's first turn with a lead in the SPEC team's emea pool, assigned Monday 09:00 Berlin, not touched. */
const anAssignment = (overrides: Partial<Assignment> = {}): Assignment => ({
  cycle: 1,
  round: 0,
  team: TEAM.id,
  pool: 'emea',
  rep: 'ana',
  assignedAt: MONDAY_9,
  ...overrides,
});

/** Sales' decision on cycle 1 (or `cycle`), made at `at`. */
const decided = (to: Stage, at: string, cycle = 1): Transition => ({ from: 'MQL', to, why: `${to} by sales`, at, cycle, by: 'ana', ...(to === 'nurture' ? { reason: 'not_ready' } : {}) });

const aSpeedLead = (assignments: Assignment[], decisions: Transition[] = []): SpeedLead => ({
  assignments,
  history: [{ from: 'lead', to: 'MQL', why: 'grade A × hot routes to sales', at: assignments[0]?.assignedAt ?? MONDAY_9, cycle: 1, by: 'system' }, ...decisions],
});

/** A lead Ana touched `minutes` after it was assigned to her on Monday 09:00. */
const touchedAfter = (minutes: number, rep = 'ana'): SpeedLead => aSpeedLead([anAssignment({ rep, touchedAt: plus(MONDAY_9, minutes) })]);

const rowOf = (report: ReturnType<typeof speed>, rep: string) => report.reps.find((row) => row.rep === rep);

describe('speed', () => {
  it('counts each assignment accepted, converted and returned for its rep and its pool, a lead converted from MQL as accepted too', () => {
    // Prepare
    const leads = [
      aSpeedLead([anAssignment()], [decided('SAL', plus(MONDAY_9, 30))]),
      aSpeedLead([anAssignment()], [decided('SQL', plus(MONDAY_9, 30))]),
      aSpeedLead([anAssignment()], [decided('nurture', plus(MONDAY_9, 30))]),
      aSpeedLead([anAssignment()]),
    ];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(report.reps).toEqual([
      {
        team: 'sales',
        rep: 'ana',
        name: 'Ana Ruiz',
        assigned: 4,
        accepted: 2,
        returned: 1,
        converted: 1,
        touched: 0,
        medianMinutesToFirstTouch: { working: null, wallClock: null },
        slaMisses: 0,
        reassignments: 0,
        movedAway: 0,
      },
    ]);
    expect(report.pools).toEqual([
      {
        team: 'sales',
        pool: 'emea',
        assigned: 4,
        unassigned: 0,
        accepted: 2,
        returned: 1,
        converted: 1,
        touched: 0,
        medianMinutesToFirstTouch: { working: null, wallClock: null },
        slaMisses: 0,
        reassignments: 0,
      },
    ]);
  });

  it('takes the middle touch of an odd count and the mean of the two middle ones of an even count, untouched leads aside', () => {
    // Prepare: Ana 50, 10, 30 minutes; Ben 90, 10, 50, 30 minutes and one he never touched.
    const leads = [touchedAfter(50), touchedAfter(10), touchedAfter(30), ...[90, 10, 50, 30].map((minutes) => touchedAfter(minutes, 'ben')), aSpeedLead([anAssignment({ rep: 'ben' })])];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(rowOf(report, 'ana')).toMatchObject({ assigned: 3, touched: 3, medianMinutesToFirstTouch: { working: 30, wallClock: 30 } });
    expect(rowOf(report, 'ben')).toMatchObject({ assigned: 5, touched: 4, medianMinutesToFirstTouch: { working: 40, wallClock: 40 } });
    expect(report.pools[0]).toMatchObject({ touched: 7, medianMinutesToFirstTouch: { working: 30, wallClock: 30 } });
  });

  it('counts only working minutes across a weekend, and every minute on the wall clock', () => {
    // Prepare: assigned Friday 16:00 Berlin, touched Monday 10:00 Berlin.
    const leads = [aSpeedLead([anAssignment({ assignedAt: '2025-03-07T15:00:00.000Z', touchedAt: '2025-03-10T09:00:00.000Z' })])];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess: Friday 16:00-17:00 and Monday 09:00-10:00; 2 days and 18 hours.
    expect(rowOf(report, 'ana')?.medianMinutesToFirstTouch).toEqual({ working: 120, wallClock: 3960 });
  });

  it('starts the clock at startsAt for a lead assigned out of hours, and a touch before then waited no time at all', () => {
    // Prepare: assigned Saturday noon Berlin; the clock starts Monday 10 March 09:00 Berlin. Ben touches it on Saturday.
    const [saturday, monday] = ['2025-03-08T11:00:00.000Z', '2025-03-10T08:00:00.000Z'];
    const leads = [
      aSpeedLead([anAssignment({ assignedAt: saturday, startsAt: monday, touchedAt: plus(monday, 45) })]),
      aSpeedLead([anAssignment({ rep: 'ben', assignedAt: saturday, startsAt: monday, touchedAt: plus(saturday, 60) })]),
    ];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(rowOf(report, 'ana')?.medianMinutesToFirstTouch).toEqual({ working: 45, wallClock: 45 });
    expect(rowOf(report, 'ben')?.medianMinutesToFirstTouch).toEqual({ working: 0, wallClock: 0 });
  });

  it('counts a miss that moved the lead for the rep who lost it, and the reassignment and its outcome for the rep who got it', () => {
    // Prepare: Ana misses at 13:00, Ben gets it at 13:01 and accepts it 20 minutes later.
    const moved = plus(MONDAY_9, 240);
    const leads = [
      aSpeedLead(
        [anAssignment({ missedAt: moved, releasedAt: moved }), anAssignment({ round: 1, rep: 'ben', assignedAt: plus(moved, 1), touchedAt: plus(moved, 21) })],
        [decided('SAL', plus(moved, 21))],
      ),
    ];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(rowOf(report, 'ana')).toMatchObject({ assigned: 1, accepted: 0, touched: 0, slaMisses: 1, movedAway: 1, reassignments: 0 });
    expect(rowOf(report, 'ben')).toMatchObject({ assigned: 1, accepted: 1, touched: 1, slaMisses: 0, movedAway: 0, reassignments: 1, medianMinutesToFirstTouch: { working: 20, wallClock: 20 } });
    expect(report.pools).toEqual([expect.objectContaining({ pool: 'emea', assigned: 2, unassigned: 0, accepted: 1, slaMisses: 1, reassignments: 1 })]);
  });

  it('counts a miss on the last round as a miss, not a move: the rep kept the lead and what came of it', () => {
    // Prepare: Ana misses, Ben misses too and the lead is escalated; Ben returns it the next day.
    const leads = [
      aSpeedLead(
        [anAssignment({ missedAt: plus(MONDAY_9, 240) }), anAssignment({ round: 1, rep: 'ben', assignedAt: plus(MONDAY_9, 240), missedAt: plus(MONDAY_9, 480) })],
        [decided('nurture', plus(MONDAY_9, 1440))],
      ),
    ];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(rowOf(report, 'ana')).toMatchObject({ slaMisses: 1, movedAway: 1, returned: 0 });
    expect(rowOf(report, 'ben')).toMatchObject({ slaMisses: 1, movedAway: 0, returned: 1, reassignments: 1 });
  });

  it('gives a decision made before the next round to the rep who had the lead then, and keeps each cycle apart', () => {
    // Prepare: a decision stamped 12:59 is Ana's, whatever the rounds stored after it; one at 14:00 is Ben's, who had it from 13:00; cycle 2 is Ben's.
    const leads = [
      aSpeedLead(
        [
          anAssignment({ missedAt: plus(MONDAY_9, 240) }),
          anAssignment({ round: 1, rep: 'ben', assignedAt: plus(MONDAY_9, 240) }),
          anAssignment({ cycle: 2, rep: 'ben', assignedAt: plus(MONDAY_9, 2880) }),
        ],
        [decided('SAL', plus(MONDAY_9, 239)), decided('nurture', plus(MONDAY_9, 300)), decided('SQL', plus(MONDAY_9, 2900), 2)],
      ),
    ];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(rowOf(report, 'ana')).toMatchObject({ assigned: 1, accepted: 1, returned: 0, converted: 0 });
    expect(rowOf(report, 'ben')).toMatchObject({ assigned: 2, accepted: 1, returned: 1, converted: 1 });
  });

  it('counts the turns nobody could take in their pool as unassigned, with no rep row, and a lead no rule placed under pool null', () => {
    // Prepare: one lead found nobody; one found nobody after Ana missed; one had no pool at all.
    const leads = [
      aSpeedLead([anAssignment({ rep: undefined })], [decided('SAL', plus(MONDAY_9, 60))]),
      aSpeedLead([anAssignment({ missedAt: plus(MONDAY_9, 240) }), anAssignment({ round: 1, rep: undefined, assignedAt: plus(MONDAY_9, 240) })]),
      aSpeedLead([anAssignment({ pool: undefined, rep: undefined })]),
    ];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(report.reps.map((row) => row.rep)).toEqual(['ana']);
    expect(rowOf(report, 'ana')).toMatchObject({ assigned: 1, slaMisses: 1, movedAway: 1 });
    expect(report.pools).toEqual([
      expect.objectContaining({ pool: 'emea', assigned: 1, unassigned: 2, accepted: 1, slaMisses: 1, reassignments: 1 }),
      expect.objectContaining({ pool: null, assigned: 0, unassigned: 1 }),
    ]);
  });

  it('counts the assignments made between from and to, both included, with what became of them after to', () => {
    // Prepare
    const [from, to] = [new Date(MONDAY_9), new Date(plus(MONDAY_9, 60))];
    const leads = [
      aSpeedLead([anAssignment({ assignedAt: from.toISOString() })], [decided('SAL', plus(MONDAY_9, 600))]),
      aSpeedLead([anAssignment({ assignedAt: to.toISOString() })]),
      aSpeedLead([anAssignment({ assignedAt: new Date(from.getTime() - 1).toISOString() })]),
      aSpeedLead([anAssignment({ assignedAt: new Date(to.getTime() + 1).toISOString() })]),
    ];

    // Act
    const report = speed(leads, REPS, from, to);

    // Assess
    expect(report).toMatchObject({ from: from.toISOString(), to: to.toISOString() });
    expect(rowOf(report, 'ana')).toMatchObject({ assigned: 2, accepted: 1 });
  });

  it('names a rep the team no longer lists null and leaves their touches out of the working median only', () => {
    // Prepare
    const leads = [touchedAfter(30, 'zed'), touchedAfter(10)];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(rowOf(report, 'zed')).toMatchObject({ name: null, touched: 1, medianMinutesToFirstTouch: { working: null, wallClock: 30 } });
    expect(report.pools[0]?.medianMinutesToFirstTouch).toEqual({ working: 10, wallClock: 20 });
  });

  it('lists the rep and pool with the most assignments first', () => {
    // Prepare
    const leads = [touchedAfter(5), touchedAfter(5, 'ben'), touchedAfter(5, 'ben'), aSpeedLead([anAssignment({ rep: 'ben', pool: 'mid' })])];

    // Act
    const report = speed(leads, REPS, ...PERIOD);

    // Assess
    expect(report.reps.map((row) => [row.rep, row.assigned])).toEqual([['ben', 3], ['ana', 1]]);
    expect(report.pools.map((row) => [row.pool, row.assigned])).toEqual([['emea', 3], ['mid', 1]]);
  });
});
