import { describe, expect, it } from 'vitest';
import { funnel, notificationDue, type FunnelLead, type FunnelStep, type Stage, type Transition } from '../../../functions/core/index.js';
import { aLifecycle, daysAgo, NOW } from '../../helpers/factories.js';

const step = (from: Stage, to: Stage, daysBefore: number, reason?: string): Transition => ({
  from,
  to,
  why: reason ? `returned by sales: ${reason}` : `${to}`,
  at: daysAgo(daysBefore).toISOString(),
  cycle: 1,
  ...(reason ? { reason } : {}),
});

const aFunnelLead = (history: Transition[], formId = 'demo-request', utmSource?: string): FunnelLead => ({
  history,
  source: { formId, ...(utmSource ? { utmSource } : {}) },
});

const LAST_30_DAYS = [daysAgo(30), NOW] as const;

describe('funnel', () => {
  it('counts a lead now in SQL for MQL and SAL too', () => {
    // Prepare
    const leads = [aFunnelLead([step('lead', 'MQL', 5), step('MQL', 'SQL', 4)])];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report).toMatchObject({ MQL: 1, SAL: 1, SQL: 1, nurture: 0 });
  });

  it('counts leads, not transitions: a lead qualified twice in the window is one MQL', () => {
    // Prepare
    const leads = [aFunnelLead([step('lead', 'MQL', 20), step('MQL', 'nurture', 19, 'no budget'), step('nurture', 'MQL', 2)])];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report).toMatchObject({ MQL: 1, nurture: 1 });
  });

  it('leaves out transitions before from and after to', () => {
    // Prepare
    const leads = [aFunnelLead([step('lead', 'MQL', 40), step('MQL', 'SAL', 35)]), aFunnelLead([step('lead', 'MQL', 3)])];

    // Act
    const report = funnel(leads, daysAgo(30), daysAgo(1));

    // Assess
    expect(report).toMatchObject({ MQL: 1, SAL: 0 });
  });

  it('computes conversion MQL→SAL→SQL and answers null where nothing reached the first stage', () => {
    // Prepare
    const leads = [
      aFunnelLead([step('lead', 'MQL', 9), step('MQL', 'SAL', 8), step('SAL', 'SQL', 7)]),
      aFunnelLead([step('lead', 'MQL', 9), step('MQL', 'SAL', 8)]),
      aFunnelLead([step('lead', 'MQL', 9)]),
      aFunnelLead([step('lead', 'MQL', 9)]),
    ];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);
    const empty = funnel([], ...LAST_30_DAYS);

    // Assess
    expect(report.conversion).toEqual({ leadToMql: null, mqlToSal: 0.5, salToSql: 0.5, mqlToSql: 0.25 });
    expect(empty.conversion).toEqual({ leadToMql: null, mqlToSal: null, salToSql: null, mqlToSql: null });
  });

  it('lists return reasons, most frequent first', () => {
    // Prepare
    const leads = [
      aFunnelLead([step('lead', 'MQL', 9), step('MQL', 'nurture', 8, 'student')]),
      aFunnelLead([step('lead', 'MQL', 9), step('MQL', 'nurture', 8, 'no budget')]),
      aFunnelLead([step('lead', 'MQL', 9), step('MQL', 'SAL', 8), step('SAL', 'nurture', 7, 'no budget')]),
    ];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report.returnReasons).toEqual([
      { reason: 'no budget', count: 2 },
      { reason: 'student', count: 1 },
    ]);
  });

  it('splits by the form and utm_source of the first touch, leads without a source under (none)', () => {
    // Prepare
    const leads = [
      aFunnelLead([step('lead', 'MQL', 9), step('MQL', 'SAL', 8)], 'demo-request', 'newsletter'),
      aFunnelLead([step('lead', 'MQL', 9)], 'demo-request', 'google'),
      aFunnelLead([step('lead', 'MQL', 9)], 'ebook-download', 'newsletter'),
      { history: [step('lead', 'MQL', 9)] },
    ];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report.byForm.map(({ formId, MQL, SAL }) => ({ formId, MQL, SAL }))).toEqual([
      { formId: 'demo-request', MQL: 2, SAL: 1 },
      { formId: '(none)', MQL: 1, SAL: 0 },
      { formId: 'ebook-download', MQL: 1, SAL: 0 },
    ]);
    expect(report.byUtmSource.map(({ utmSource, MQL }) => ({ utmSource, MQL }))).toEqual([
      { utmSource: 'newsletter', MQL: 2 },
      { utmSource: '(none)', MQL: 1 },
      { utmSource: 'google', MQL: 1 },
    ]);
  });
});

describe('funnel: new leads and lead → MQL', () => {
  /** A lead created `daysBefore` days ago that sent a form step, with its history. */
  const aNewLead = (daysBefore: number, history: Transition[], formId = 'demo-request', utmSource?: string): FunnelLead => ({
    ...aFunnelLead(history, formId, utmSource),
    createdAt: daysAgo(daysBefore).toISOString(),
    submitted: true,
  });

  it('counts the leads created in the period that sent a step, and the share of them that became an MQL by its end', () => {
    // Prepare: three new leads in the window (one qualified, one qualified twice, one not), one older lead, one visitor who never sent a step.
    const leads = [
      aNewLead(10, [step('lead', 'MQL', 9)]),
      aNewLead(12, [step('lead', 'MQL', 11), step('MQL', 'nurture', 10, 'no budget'), step('nurture', 'MQL', 2)]),
      aNewLead(5, []),
      aNewLead(40, [step('lead', 'MQL', 3)]),
      { history: [], createdAt: daysAgo(4).toISOString(), submitted: false },
    ];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report.newLeads).toBe(3);
    expect(report.conversion.leadToMql).toBe(0.667);
    expect(report.MQL).toBe(3);
  });

  it('counts a new lead that qualified only after the period as not (yet) an MQL of it', () => {
    // Prepare
    const leads = [aNewLead(20, [step('lead', 'MQL', 1)])];

    // Act
    const report = funnel(leads, daysAgo(30), daysAgo(10));

    // Assess
    expect(report).toMatchObject({ newLeads: 1, MQL: 0, conversion: { leadToMql: 0 } });
  });

  it('splits new leads and their lead → MQL rate by form and utm_source', () => {
    // Prepare
    const leads = [
      aNewLead(3, [step('lead', 'MQL', 2)], 'demo-request', 'google'),
      aNewLead(3, [], 'demo-request', 'google'),
      aNewLead(3, [], 'ebook-download', 'newsletter'),
    ];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report.byForm.map(({ formId, newLeads, conversion }) => ({ formId, newLeads, leadToMql: conversion.leadToMql }))).toEqual([
      { formId: 'demo-request', newLeads: 2, leadToMql: 0.5 },
      { formId: 'ebook-download', newLeads: 1, leadToMql: 0 },
    ]);
    expect(report.byUtmSource.map(({ utmSource, newLeads }) => ({ utmSource, newLeads }))).toEqual([
      { utmSource: 'google', newLeads: 2 },
      { utmSource: 'newsletter', newLeads: 1 },
    ]);
  });
});

describe('funnel: first touch or last touch by form', () => {
  /** A form step sent `daysBefore` days ago. */
  const aStep = (formId: string, daysBefore: number): FunnelStep => ({ formId, at: daysAgo(daysBefore).toISOString() });
  /** A lead created with its first step, credited to that form at first touch. */
  const aLeadWithSteps = (steps: FunnelStep[], history: Transition[]): FunnelLead => ({
    ...aFunnelLead(history, steps[0]?.formId),
    createdAt: steps[0]?.at ?? daysAgo(30).toISOString(),
    submitted: steps.length > 0,
    steps,
  });
  const byForm = (report: ReturnType<typeof funnel>) => report.byForm.map(({ formId, newLeads, MQL, SAL, nurture }) => ({ formId, newLeads, MQL, SAL, nurture }));

  it('credits the form that created the lead by default, and says so', () => {
    // Prepare: an e-book reader who later asked for a demo and qualified.
    const leads = [aLeadWithSteps([aStep('ebook-download', 20), aStep('demo-request', 5)], [step('lead', 'MQL', 5)])];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS);

    // Assess
    expect(report.attribution).toBe('first');
    expect(byForm(report)).toEqual([{ formId: 'ebook-download', newLeads: 1, MQL: 1, SAL: 0, nurture: 0 }]);
  });

  it('credits at last touch the latest form step at or before the lead qualified, not a step sent after', () => {
    // Prepare, by hand:
    //   reader   ebook 20d, demo 5d, qualified 5d, webinar 3d, accepted 2d → demo-request (the webinar came after)
    //   webinar  webinar 10d, qualified 9d                                  → webinar-signup
    //   cold     ebook 8d, demo 4d, never qualified                         → demo-request (its latest step by the end)
    //   browsed  ebook 6d only                                              → ebook-download
    const leads = [
      aLeadWithSteps([aStep('ebook-download', 20), aStep('demo-request', 5), aStep('webinar-signup', 3)], [step('lead', 'MQL', 5), step('MQL', 'SAL', 2)]),
      aLeadWithSteps([aStep('webinar-signup', 10)], [step('lead', 'MQL', 9)]),
      aLeadWithSteps([aStep('ebook-download', 8), aStep('demo-request', 4)], []),
      aLeadWithSteps([aStep('ebook-download', 6)], []),
    ];

    // Act
    const first = funnel(leads, ...LAST_30_DAYS);
    const last = funnel(leads, ...LAST_30_DAYS, 'last');

    // Assess: the totals are the same whichever form is credited.
    expect(last.attribution).toBe('last');
    expect(byForm(first)).toEqual([
      { formId: 'ebook-download', newLeads: 3, MQL: 1, SAL: 1, nurture: 0 },
      { formId: 'webinar-signup', newLeads: 1, MQL: 1, SAL: 0, nurture: 0 },
    ]);
    expect(byForm(last)).toEqual([
      { formId: 'demo-request', newLeads: 2, MQL: 1, SAL: 1, nurture: 0 },
      { formId: 'webinar-signup', newLeads: 1, MQL: 1, SAL: 0, nurture: 0 },
      { formId: 'ebook-download', newLeads: 1, MQL: 0, SAL: 0, nurture: 0 },
    ]);
    expect({ MQL: last.MQL, SAL: last.SAL, newLeads: last.newLeads }).toEqual({ MQL: first.MQL, SAL: first.SAL, newLeads: first.newLeads });
  });

  it('credits a lead qualified twice to the form before its latest qualification by the period’s end', () => {
    // Prepare: qualified from the demo form, returned, then tipped again by the webinar; a third form after the period.
    const leads = [
      aLeadWithSteps(
        [aStep('demo-request', 25), aStep('webinar-signup', 8), aStep('ebook-download', 1)],
        [step('lead', 'MQL', 25), step('MQL', 'nurture', 20, 'no budget'), step('nurture', 'MQL', 7)],
      ),
    ];

    // Act
    const report = funnel(leads, daysAgo(30), daysAgo(2), 'last');

    // Assess
    expect(byForm(report)).toEqual([{ formId: 'webinar-signup', newLeads: 1, MQL: 1, SAL: 0, nurture: 1 }]);
  });

  it('credits to no form at last touch a lead that qualified before sending any step', () => {
    // Prepare: qualified on events alone, then filled in the e-book form; another on events alone, no step ever.
    const leads = [aLeadWithSteps([aStep('ebook-download', 3)], [step('lead', 'MQL', 4)]), { history: [step('lead', 'MQL', 2)] }];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS, 'last');

    // Assess
    expect(byForm(report)).toEqual([{ formId: '(none)', newLeads: 1, MQL: 2, SAL: 0, nurture: 0 }]);
  });

  it('keeps utm_source at first touch whichever form is credited', () => {
    // Prepare
    const leads = [{ ...aLeadWithSteps([aStep('ebook-download', 9), aStep('demo-request', 4)], [step('lead', 'MQL', 4)]), source: { formId: 'ebook-download', utmSource: 'newsletter' } }];

    // Act
    const report = funnel(leads, ...LAST_30_DAYS, 'last');

    // Assess
    expect(report.byUtmSource.map(({ utmSource, MQL }) => ({ utmSource, MQL }))).toEqual([{ utmSource: 'newsletter', MQL: 1 }]);
    expect(report.byForm.map(({ formId }) => formId)).toEqual(['demo-request']);
  });
});

describe('notificationDue', () => {
  it.each([
    ['a lead never qualified owes nothing', { cycle: 0 }, undefined],
    ['a new cycle owes its notification', { cycle: 2, notifiedCycle: 1 }, 2],
    ['a notified cycle owes nothing more', { cycle: 2, notifiedCycle: 2 }, undefined],
  ])('%s', (_, overrides, expected) => {
    // Act
    const due = notificationDue(aLifecycle({ stage: 'MQL', ...overrides }));

    // Assess
    expect(due).toBe(expected);
  });
});
