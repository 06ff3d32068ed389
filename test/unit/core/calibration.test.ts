import { describe, expect, it } from 'vitest';
import { CalibrationReportSchema, calibrationReport, type CalibrationReport } from '../../../functions/core/calibration.js';
import type { Answers } from '../../../functions/core/lead.js';
import type { Outcome, OutcomeRecord } from '../../../functions/core/outcome.js';
import { NOW, aPlaybook, aSpecPlaybookInput, daysAgo } from '../../helpers/factories.js';

const PERIOD = { from: daysAgo(30), to: NOW };

/** A cycle of the SPEC's playbook that qualified `daysBefore` days before NOW; the grade and band are what it recorded then. */
const aCycle = (
  leadId: string,
  outcome: Outcome,
  cell: `${string}/${string}`,
  answers: Answers,
  eventTypes: string[] = [],
  overrides: Partial<OutcomeRecord> = {},
): OutcomeRecord => {
  const [grade = 'D', band = 'cold'] = cell.split('/');
  const qualifiedAt = daysAgo(5).toISOString();
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
    events: eventTypes.map((type) => ({ type, at: qualifiedAt })),
    ...overrides,
  };
};

/** The SPEC's playbook with the company-size criterion labelled, as a marketer would. */
const labelledPlaybook = () =>
  aPlaybook({
    fit: { criteria: aSpecPlaybookInput().fit.criteria.map((criterion) => (criterion.id === 'profile' ? { ...criterion, label: 'Company size' } : criterion)) },
  });

/**
 * Seven cycles in the period, hand-counted below: 2 converted, 1 accepted, 3 returned, 1 open
 * (6 decided, SQL rate 2/6). One before the period and one of another playbook count for nothing.
 */
const population = (): OutcomeRecord[] => [
  aCycle('lead_1', 'converted', 'A/hot', { company_size: '201+', role: 'decision_maker', timeframe: '3m', budget: 60000 }, [
    'pricing_view',
    'pricing_view',
    'webinar_attended',
  ]),
  aCycle('lead_2', 'converted', 'A/hot', { company_size: '201+', role: 'influencer', timeframe: '3m', budget: 20000 }, ['webinar_attended']),
  aCycle('lead_3', 'accepted', 'A/warm', { company_size: '51-200', role: 'decision_maker', timeframe: '12m' }, ['pricing_view']),
  aCycle('lead_4', 'returned', 'B/hot', { company_size: '11-50', role: 'user', timeframe: '3m', budget: 5000 }, ['page_view'], { reason: 'bad_fit' }),
  aCycle('lead_5', 'returned', 'B/warm', { company_size: '51-200', role: 'influencer', timeframe: 'none' }, ['page_view', 'pricing_view'], {
    reason: 'not_ready',
  }),
  aCycle('lead_6', 'open', 'A/cold', { company_size: '201+', role: 'cto' }, ['email_open']),
  aCycle('lead_7', 'returned', 'C/hot', { company_size: '1-10' }, ['content_download'], { reason: 'not_ready', handRaiser: true }),
  aCycle('lead_8', 'converted', 'A/hot', { company_size: '1-10' }, ['page_view'], { qualifiedAt: daysAgo(40).toISOString() }),
  aCycle('lead_9', 'converted', 'A/hot', { company_size: '1-10' }, ['page_view'], { playbookId: 'enterprise' }),
];

const criterion = (report: CalibrationReport, id: string, value: string | null) =>
  report.criteria.find((row) => row.criterion === id && row.value === value);

describe('calibrationReport', () => {
  it('counts the baseline over the period, with rates over the decided cycles only', () => {
    // Prepare
    const records = population();

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.baseline).toStrictEqual({ mqls: 7, converted: 2, accepted: 1, returned: 3, open: 1, decided: 6, acceptRate: 0.5, sqlRate: 0.333 });
    expect(report).toMatchObject({ playbook: 'default', from: PERIOD.from.toISOString(), to: NOW.toISOString() });
  });

  it('fills every cell of the grade × band grid, with its owner, outcomes, rates and lift', () => {
    // Prepare
    const records = population();

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.cells.map((cell) => `${cell.grade}/${cell.band}`)).toEqual([
      'A/hot', 'A/warm', 'A/cold', 'B/hot', 'B/warm', 'B/cold', 'C/hot', 'C/warm', 'C/cold', 'D/hot', 'D/warm', 'D/cold',
    ]);
    const cell = (grade: string, band: string) => report.cells.find((c) => c.grade === grade && c.band === band);
    expect(cell('A', 'hot')).toStrictEqual({
      grade: 'A',
      band: 'hot',
      owner: 'sales',
      mqls: 2,
      converted: 2,
      accepted: 0,
      returned: 0,
      open: 0,
      decided: 2,
      acceptRate: 1,
      sqlRate: 1,
      lift: 3,
    });
    expect(cell('A', 'warm')).toMatchObject({ mqls: 1, accepted: 1, acceptRate: 1, sqlRate: 0, lift: 0 });
    expect(cell('A', 'cold')).toMatchObject({ mqls: 1, open: 1, decided: 0, acceptRate: null, sqlRate: null, lift: null });
    expect(cell('C', 'hot')).toMatchObject({ owner: 'sales', mqls: 1, returned: 1, sqlRate: 0, lift: 0 });
    expect(cell('D', 'hot')).toMatchObject({ owner: 'marketing', mqls: 0, sqlRate: null, lift: null });
  });

  it('cuts by each criterion and answer value of the playbook, labelled, ranges bucketed and unanswered as null', () => {
    // Prepare
    const records = population();

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(criterion(report, 'profile', '201+')).toStrictEqual({
      criterion: 'profile',
      label: 'Company size',
      field: 'company_size',
      value: '201+',
      mqls: 3,
      converted: 2,
      accepted: 0,
      returned: 0,
      open: 1,
      decided: 2,
      acceptRate: 1,
      sqlRate: 1,
      lift: 3,
    });
    expect(criterion(report, 'authority', 'decision_maker')).toMatchObject({ label: 'authority', mqls: 2, sqlRate: 0.5, lift: 1.5 });
    expect(criterion(report, 'timeframe', '3m')).toMatchObject({ mqls: 3, converted: 2, returned: 1, sqlRate: 0.667, lift: 2 });
    expect(criterion(report, 'timeframe', null)).toMatchObject({ mqls: 2, open: 1, returned: 1, sqlRate: 0, lift: 0 });
    expect(['≥ 50000', '≥ 10000', '< 10000', null].map((value) => criterion(report, 'budget', value)?.mqls)).toEqual([1, 1, 1, 4]);
    expect(report.criteria).toHaveLength(4 + 5 + 4 + 4);
  });

  it('ranks criteria values by lift, the most MQLs first among equals and undefined lifts last', () => {
    // Prepare
    const records = population();

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.criteria.slice(0, 6).map((row) => [row.criterion, row.value, row.lift])).toEqual([
      ['profile', '201+', 3],
      ['budget', '≥ 10000', 3],
      ['budget', '≥ 50000', 3],
      ['timeframe', '3m', 2],
      ['authority', 'decision_maker', 1.5],
      ['authority', 'influencer', 1.5],
    ]);
    expect(report.criteria.at(-1)).toMatchObject({ criterion: 'authority', value: 'cto', mqls: 1, decided: 0, lift: null });
    expect(report.criteria.slice(6, -1).every((row) => row.lift === 0)).toBe(true);
  });

  it('counts an event type once per cycle, ranked by lift', () => {
    // Prepare
    const records = population();

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.events.map((row) => [row.type, row.mqls, row.sqlRate, row.lift])).toEqual([
      ['webinar_attended', 2, 1, 3],
      ['pricing_view', 3, 0.333, 1],
      ['page_view', 2, 0, 0],
      ['content_download', 1, 0, 0],
      ['email_open', 1, null, null],
    ]);
  });

  it('orders event types of equal lift and MQLs by name, whatever the order of the records', () => {
    // Prepare
    const records = [aCycle('lead_1', 'converted', 'A/hot', {}, ['webinar_attended', 'email_click']), aCycle('lead_2', 'returned', 'A/hot', {}, ['page_view'])];

    // Act
    const forwards = calibrationReport(records, labelledPlaybook(), PERIOD);
    const backwards = calibrationReport([...records].reverse(), labelledPlaybook(), PERIOD);

    // Assess
    expect(forwards.events.map((row) => row.type)).toEqual(['email_click', 'webinar_attended', 'page_view']);
    expect(backwards.events).toEqual(forwards.events);
    expect(backwards.criteria).toEqual(forwards.criteria);
  });

  it('lists return reasons per grade recorded at qualification, the most frequent first', () => {
    // Prepare
    const records = [
      ...population(),
      aCycle('lead_10', 'returned', 'B/cold', {}, [], { reason: 'not_ready' }),
      aCycle('lead_11', 'returned', 'E/cold', {}, []),
    ];

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.returnReasons).toEqual([
      { grade: 'A', returned: 0, reasons: [] },
      {
        grade: 'B',
        returned: 3,
        reasons: [
          { reason: 'not_ready', count: 2 },
          { reason: 'bad_fit', count: 1 },
        ],
      },
      { grade: 'C', returned: 1, reasons: [{ reason: 'not_ready', count: 1 }] },
      { grade: 'D', returned: 0, reasons: [] },
      { grade: 'E', returned: 1, reasons: [{ reason: '(none)', count: 1 }] },
    ]);
  });

  it('counts cycles qualified exactly at either end of the period and none outside it', () => {
    // Prepare
    const records = [
      aCycle('at_from', 'converted', 'A/hot', {}, [], { qualifiedAt: PERIOD.from.toISOString() }),
      aCycle('at_to', 'returned', 'A/hot', {}, [], { qualifiedAt: PERIOD.to.toISOString() }),
      aCycle('after', 'returned', 'A/hot', {}, [], { qualifiedAt: new Date(NOW.getTime() + 1).toISOString() }),
      aCycle('before', 'returned', 'A/hot', {}, [], { qualifiedAt: new Date(PERIOD.from.getTime() - 1).toISOString() }),
    ];

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.baseline).toMatchObject({ mqls: 2, converted: 1, returned: 1 });
  });

  it('answers null rates and lifts when nothing is decided or nothing converted', () => {
    // Prepare
    const records = [aCycle('open_1', 'open', 'A/hot', { role: 'user' }), aCycle('returned_1', 'returned', 'A/hot', { role: 'user' })];

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.baseline).toMatchObject({ decided: 1, acceptRate: 0, sqlRate: 0 });
    expect(criterion(report, 'authority', 'user')).toMatchObject({ mqls: 2, sqlRate: 0, lift: null });
    expect(calibrationReport([], labelledPlaybook(), PERIOD).baseline).toStrictEqual({
      mqls: 0,
      converted: 0,
      accepted: 0,
      returned: 0,
      open: 0,
      decided: 0,
      acceptRate: null,
      sqlRate: null,
    });
  });

  it('counts each option of a multiselect answer as its own value, and reads range answers as fit does', () => {
    // Prepare
    const playbook = aPlaybook({
      fit: {
        criteria: [
          { id: 'topics', field: 'topics', points: { routing: 2, '*': 1 } },
          { id: 'budget', field: 'budget', ranges: [{ min: 50000, points: 3 }] },
        ],
      },
    });
    const records = [
      aCycle('lead_1', 'converted', 'A/hot', { topics: ['routing', 'sla', 'routing'], budget: '60000' }),
      aCycle('lead_2', 'returned', 'A/hot', { topics: ['sla'], budget: 'plenty' }),
      aCycle('lead_3', 'returned', 'A/hot', { topics: ['sla'], budget: 10 }),
    ];

    // Act
    const report = calibrationReport(records, playbook, PERIOD);

    // Assess
    expect(report.criteria.map((row) => [row.criterion, row.value, row.mqls])).toEqual([
      ['topics', 'routing', 1],
      ['budget', '≥ 50000', 1],
      ['topics', 'sla', 3],
      ['budget', '< 50000', 1],
      ['budget', 'plenty', 1],
    ]);
  });

  it('gives a grade or band only older records carry a row of its own after the playbook’s', () => {
    // Prepare
    const records = [aCycle('lead_1', 'converted', 'E/lukewarm', {})];

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(report.cells).toHaveLength(5 * 4);
    expect(report.cells.at(-1)).toMatchObject({ grade: 'E', band: 'lukewarm', owner: 'marketing', mqls: 1, lift: 1 });
  });

  it('answers what its own schema describes', () => {
    // Prepare
    const records = population();

    // Act
    const report = calibrationReport(records, labelledPlaybook(), PERIOD);

    // Assess
    expect(CalibrationReportSchema.parse(report)).toStrictEqual(report);
  });
});
