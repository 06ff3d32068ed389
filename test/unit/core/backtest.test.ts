import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutcomeRecordSchema, backtest, parseSweep, sweep, sweepValues, withPath } from '../../../functions/core/backtest.js';
import type { Answers, LeadEvent } from '../../../functions/core/lead.js';
import { OUTCOMES, type Outcome, type OutcomeRecord } from '../../../functions/core/outcome.js';
import { scoreLead } from '../../../functions/core/score.js';
import { COMPANY_SIZES, NOW, ROLES, TIMEFRAMES, aPlaybook, aPlaybookInput, daysAgo } from '../../helpers/factories.js';

/** A cycle recorded under the SPEC's playbook at `qualifiedAt`, its events at that instant unless given. */
const aCycle = (leadId: string, outcome: Outcome, cell: `${string}/${string}`, answers: Answers, overrides: Partial<OutcomeRecord> & { eventTypes?: string[] } = {}): OutcomeRecord => {
  const { eventTypes = [], ...rest } = overrides;
  const [grade = 'D', band = 'cold'] = cell.split('/');
  const qualifiedAt = rest.qualifiedAt ?? daysAgo(3).toISOString();
  return {
    leadId,
    cycle: 1,
    qualifiedAt,
    outcome,
    handRaiser: false,
    playbookId: 'default',
    playbookVersion: 1,
    grade,
    band,
    fitPoints: 0,
    interestScore: 0,
    answers,
    events: eventTypes.map((type): LeadEvent => ({ type, at: qualifiedAt })),
    ...rest,
  };
};

/**
 * Six cycles the SPEC's playbook made MQLs, hand-scored under it and under a candidate that asks
 * 12 points for A and 9 for B (C stays 4):
 *
 * | lead   | points | interest at qualification | in force    | candidate          | outcome    |
 * | ------ | ------ | ------------------------- | ----------- | ------------------ | ---------- |
 * | lead_1 | 12     | 0, cold                   | A/cold MQL  | A/cold MQL         | converted  |
 * | lead_2 | 8      | 10 + 5 = 15, warm         | B/warm MQL  | C/warm marketing   | returned   |
 * | lead_3 | 10     | 0, cold                   | A/cold MQL  | B/cold marketing   | converted  |
 * | lead_4 | 0      | 0, cold (hand-raiser)     | D/cold MQL  | D/cold MQL         | accepted   |
 * | lead_5 | 11     | 40, hot (60 days ago)     | A/hot MQL   | B/hot MQL          | open       |
 * | lead_6 | 12     | 0, cold                   | A/cold MQL  | A/cold MQL         | returned   |
 */
const population = (): OutcomeRecord[] => [
  aCycle('lead_1', 'converted', 'A/cold', { company_size: '201+', role: 'decision_maker', timeframe: '3m', budget: 60000 }),
  aCycle('lead_2', 'returned', 'B/warm', { company_size: '51-200', role: 'decision_maker', timeframe: '12m' }, {
    eventTypes: ['webinar_attended', 'pricing_view'],
    reason: 'not_ready',
  }),
  aCycle('lead_3', 'converted', 'A/cold', { company_size: '51-200', role: 'decision_maker', timeframe: '12m', budget: 20000 }),
  aCycle('lead_4', 'accepted', 'D/cold', {}, { handRaiser: true }),
  aCycle('lead_5', 'open', 'A/hot', { company_size: '51-200', role: 'decision_maker', timeframe: '3m', budget: 20000 }, {
    qualifiedAt: daysAgo(60).toISOString(),
    eventTypes: ['webinar_attended', 'webinar_attended', 'event_attended', 'pricing_view', 'content_download'],
  }),
  aCycle('lead_6', 'returned', 'A/cold', { company_size: '201+', role: 'decision_maker', timeframe: '3m', budget: 60000 }, { reason: 'bad_fit' }),
];

const stricterGrades = () => aPlaybook({ fit: { grades: { A: 12, B: 9, C: 4 } } });

describe('backtest', () => {
  it('agrees with a hand count: MQLs by outcome, precision and recall beside the playbook in force', () => {
    // Prepare
    const records = population();

    // Act
    const result = backtest(records, stricterGrades());

    // Assess
    expect(result.cycles).toBe(6);
    expect(result.inForce).toStrictEqual({ mqls: 6, byOutcome: { converted: 2, accepted: 1, returned: 2, open: 1 }, precision: 0.6, recall: 1 });
    expect(result.candidate).toStrictEqual({ mqls: 4, byOutcome: { converted: 1, accepted: 1, returned: 1, open: 1 }, precision: 0.667, recall: 0.5 });
    expect(result.ownerChanges).toStrictEqual({ cycles: 2, byOutcome: { converted: 1, accepted: 0, returned: 1, open: 0 } });
  });

  it('re-scores each cycle as of its qualifiedAt and names the ones whose owner changes, with the candidate’s grade and band', () => {
    // Prepare
    const records = population();

    // Act
    const result = backtest(records, stricterGrades());

    // Assess
    expect(result.verdicts.filter((verdict) => verdict.changed)).toStrictEqual([
      {
        leadId: 'lead_2',
        cycle: 1,
        qualifiedAt: records[1]?.qualifiedAt,
        outcome: 'returned',
        reason: 'not_ready',
        handRaiser: false,
        inForce: { grade: 'B', band: 'warm', mql: true },
        candidate: { grade: 'C', band: 'warm', fitPoints: 8, interestScore: 15, owner: 'marketing', mql: false },
        changed: true,
      },
      {
        leadId: 'lead_3',
        cycle: 1,
        qualifiedAt: records[2]?.qualifiedAt,
        outcome: 'converted',
        handRaiser: false,
        inForce: { grade: 'A', band: 'cold', mql: true },
        candidate: { grade: 'B', band: 'cold', fitPoints: 10, interestScore: 0, owner: 'marketing', mql: false },
        changed: true,
      },
    ]);
    expect(result.verdicts[4]?.candidate).toMatchObject({ grade: 'B', band: 'hot', interestScore: 40, mql: true });
    expect(result.verdicts[3]?.candidate).toMatchObject({ grade: 'D', owner: 'marketing', mql: true });
  });

  it('answers null precision and recall when nothing is decided or nothing converted', () => {
    // Prepare
    const records = [aCycle('lead_1', 'open', 'A/cold', {})];

    // Act
    const result = backtest(records, stricterGrades());

    // Assess
    expect(result.inForce).toStrictEqual({ mqls: 1, byOutcome: { converted: 0, accepted: 0, returned: 0, open: 1 }, precision: null, recall: null });
    expect(result.candidate).toMatchObject({ mqls: 0, precision: null, recall: null });
  });
});

const EVENT_TYPES = ['page_view', 'pricing_view', 'content_download', 'webinar_attended', 'email_click', 'form_submission', 'not_weighed'] as const;
const MINUTE_MS = 60_000;

/** Grades and bands as the schema wants them (thresholds falling), and any half-life. */
const aPlaybookArb = fc
  .record({
    grades: fc.uniqueArray(fc.integer({ min: 0, max: 14 }), { minLength: 3, maxLength: 3 }),
    bands: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 2 }),
    halfLifeDays: fc.integer({ min: 1, max: 90 }),
  })
  .map(({ grades, bands, halfLifeDays }) => {
    const [a, b, c] = grades.sort((x, y) => y - x);
    const [hot, warm] = bands.sort((x, y) => y - x);
    return aPlaybook({ fit: { grades: { A: a as number, B: b as number, C: c as number } }, interest: { bands: { hot: hot as number, warm: warm as number }, halfLifeDays } });
  });

const anAnswersArb: fc.Arbitrary<Answers> = fc.record(
  {
    company_size: fc.constantFrom(...COMPANY_SIZES),
    role: fc.constantFrom(...ROLES),
    timeframe: fc.constantFrom(...TIMEFRAMES),
    budget: fc.oneof(fc.integer({ min: 0, max: 120_000 }), fc.double({ min: 0, max: 120_000, noNaN: true })),
  },
  { requiredKeys: [] },
);

/** A lead's scoring moment and its history before it; an event up to a minute ahead is one a drifting client clock sent. */
const aCycleArb = fc.record({
  answers: anAnswersArb,
  qualifiedAt: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: NOW.getTime() }),
  events: fc.array(fc.record({ type: fc.constantFrom(...EVENT_TYPES), minutesBefore: fc.integer({ min: -1, max: 90 * 24 * 60 }) }), { maxLength: 20 }),
  // Mostly not: a hand-raiser is an MQL under any playbook, so it proves little about scoring.
  handRaiser: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  outcome: fc.constantFrom(...OUTCOMES),
});

type CycleDraft = typeof aCycleArb extends fc.Arbitrary<infer T> ? T : never;

/** What the scorer would have recorded: the cycles the playbook made MQLs at their moment, plus hand-raisers. */
const recordedUnder = (playbook: ReturnType<typeof aPlaybook>, cycles: readonly CycleDraft[]): OutcomeRecord[] =>
  cycles.flatMap((cycle, index) => {
    const now = new Date(cycle.qualifiedAt);
    const events = cycle.events.map(({ type, minutesBefore }) => ({ type, at: new Date(cycle.qualifiedAt - minutesBefore * MINUTE_MS).toISOString() }));
    const { fit, interest, owner } = scoreLead(playbook, { answers: cycle.answers, events }, now);
    if (!cycle.handRaiser && owner !== 'sales') return [];
    const record: OutcomeRecord = {
      leadId: `lead_${index}`,
      cycle: 1,
      qualifiedAt: now.toISOString(),
      outcome: cycle.outcome,
      handRaiser: cycle.handRaiser,
      playbookId: playbook.id,
      playbookVersion: 1,
      grade: fit.grade,
      band: interest.band,
      fitPoints: fit.points,
      interestScore: interest.score,
      answers: cycle.answers,
      events,
    };
    // Through a JSON line and back, as `--outcomes` reads it.
    return [OutcomeRecordSchema.parse(JSON.parse(JSON.stringify(record)))];
  });

describe('backtest (properties)', () => {
  it('with the playbook in force as the candidate, reproduces every recorded MQL one for one and changes no owner', () => {
    fc.assert(
      fc.property(aPlaybookArb, fc.array(aCycleArb, { maxLength: 40 }), (playbook, cycles) => {
        // Prepare
        const records = recordedUnder(playbook, cycles);

        // Act
        const result = backtest(records, playbook);

        // Assess
        expect(result.candidate).toStrictEqual(result.inForce);
        expect(result.ownerChanges.cycles).toBe(0);
        for (const [index, verdict] of result.verdicts.entries()) {
          const record = records[index] as OutcomeRecord;
          expect(verdict).toMatchObject({ leadId: record.leadId, changed: false, candidate: { mql: true, grade: record.grade, band: record.band } });
          expect(verdict.candidate).toMatchObject({ fitPoints: record.fitPoints, interestScore: record.interestScore });
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('sweepValues', () => {
  it.each([
    [{ from: 6, to: 12, step: 1 }, [6, 7, 8, 9, 10, 11, 12]],
    [{ from: 0.1, to: 0.3, step: 0.1 }, [0.1, 0.2, 0.3]],
    [{ from: 1, to: 1.7, step: 0.1 }, [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7]],
    [{ from: -1, to: 1, step: 0.75 }, [-1, -0.25, 0.5]],
    [{ from: 5, to: 5, step: 2 }, [5]],
    [{ from: 0, to: 3e-7, step: 1e-7 }, [0, 1e-7, 2e-7, 3e-7]],
  ])('steps %j to %j, both ends included and no float residue', (range, values) => {
    // Act
    const result = sweepValues(range);

    // Assess
    expect(result).toEqual(values);
  });

  it.each([
    [{ from: 1, to: 2, step: 0 }, 'STEP must be more than 0'],
    [{ from: 3, to: 2, step: 1 }, 'FROM must not be more than TO'],
    [{ from: 0, to: 1, step: 0.0001 }, 'that is more than 1000 values: take a larger STEP'],
    [{ from: Number.NaN, to: 1, step: 1 }, 'FROM, TO and STEP must be numbers'],
  ])('refuses %j', (range, message) => {
    // Act
    const act = () => sweepValues(range);

    // Assess
    expect(act).toThrow(new RangeError(message));
  });
});

describe('parseSweep', () => {
  it('reads PATH=FROM:TO:STEP, negative and decimal numbers included', () => {
    // Act
    const parsed = parseSweep('interest.caps.page_view=-2.5:10:.5');

    // Assess
    expect(parsed).toStrictEqual({ ok: true, value: { path: 'interest.caps.page_view', from: -2.5, to: 10, step: 0.5 } });
  });

  it.each([
    ['fit.grades.A=6:12', 'must be PATH=FROM:TO:STEP, such as fit.grades.A=6:12:1'],
    ['=6:12:1', 'must be PATH=FROM:TO:STEP, such as fit.grades.A=6:12:1'],
    ['fit..A=6:12:1', 'PATH is keys joined by dots, such as fit.grades.A'],
    ['fit.grades.A=six:12:1', 'FROM, TO and STEP must be numbers'],
    ['fit.grades.A= :12:1', 'FROM, TO and STEP must be numbers'],
    ['fit.grades.A=12:6:1', 'FROM must not be more than TO'],
  ])('refuses %s', (text, message) => {
    // Act
    const parsed = parseSweep(text);

    // Assess
    expect(parsed).toStrictEqual({ ok: false, issues: [{ path: '', message }] });
  });
});

describe('withPath', () => {
  it('sets a key of an object or an item of a list in a copy, leaving the original as it was', () => {
    // Prepare
    const base = aPlaybookInput();

    // Act
    const grade = withPath(base, 'fit.grades.A', 11);
    const range = withPath(base, 'fit.criteria.3.ranges.0.min', 40000);
    const cap = withPath(base, 'interest.caps.email_open', 3);

    // Assess
    expect(grade).toMatchObject({ ok: true, value: { fit: { grades: { A: 11, B: 7, C: 4 } } } });
    expect(range).toMatchObject({ ok: true, value: { fit: { criteria: { 3: { ranges: [{ min: 40000, points: 3 }, { min: 10000, points: 2 }] } } } } });
    expect(cap).toMatchObject({ ok: true, value: { interest: { caps: { email_open: 3, page_view: 10 } } } });
    expect(base).toStrictEqual(aPlaybookInput());
  });

  it.each([
    ['fit.grade.A', 'fit.grade', 'is not in the playbook'],
    ['fit.criteria.9.points', 'fit.criteria.9', 'is not in the playbook'],
    ['fit.criteria.9', 'fit.criteria.9', 'is not in the playbook'],
    ['fit.grades.A.min', 'fit.grades.A.min', 'is not in the playbook'],
    ['fit.__proto__.A', 'fit.__proto__', 'is a reserved name'],
    ['fit.', '', 'PATH is keys joined by dots, such as fit.grades.A'],
  ])('refuses %s, naming %s', (path, where, message) => {
    // Act
    const result = withPath(aPlaybookInput(), path, 1);

    // Assess
    expect(result).toStrictEqual({ ok: false, issues: [{ path: where, message }] });
  });
});

describe('sweep', () => {
  it('backtests one candidate per value, the identical one changing nothing', () => {
    // Prepare
    const records = population();

    // Act
    const rows = sweep(records, aPlaybookInput(), 'fit.grades.A', 10, 13, 1);

    // Assess
    expect(rows.map((row) => (row.ok ? [row.value, row.candidate.mqls, row.candidate.recall, row.ownerChanges.cycles] : row))).toEqual([
      [10, 6, 1, 0],
      [11, 5, 0.5, 1],
      [12, 5, 0.5, 1],
      [13, 3, 0, 3],
    ]);
  });

  it('answers a row with the issues for a value that makes the playbook invalid, and goes on', () => {
    // Prepare
    const records = population();

    // Act
    const rows = sweep(records, aPlaybookInput(), 'fit.grades.B', 9, 11, 1);

    // Assess
    expect(rows.map((row) => [row.value, row.ok])).toEqual([
      [9, true],
      [10, false],
      [11, false],
    ]);
    expect(rows[1]).toStrictEqual({ value: 10, ok: false, issues: [{ path: 'fit.grades', message: 'grades must be listed from the highest threshold down (the first reached wins)' }] });
  });

  it('answers every row with the issue when the path names nothing in the playbook', () => {
    // Act
    const rows = sweep(population(), aPlaybookInput(), 'fit.grade.A', 1, 2, 1);

    // Assess
    expect(rows).toStrictEqual([
      { value: 1, ok: false, issues: [{ path: 'fit.grade', message: 'is not in the playbook' }] },
      { value: 2, ok: false, issues: [{ path: 'fit.grade', message: 'is not in the playbook' }] },
    ]);
  });
});
