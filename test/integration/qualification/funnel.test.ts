import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAAnswers } from '../../helpers/factories.js';
import { objectOf } from '../../helpers/http.js';
import { aVisitor, submitGradeALead } from '../../helpers/local-stack.js';
import { startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

const DAY = 86_400_000;

describe('the funnel report counts a scripted population (local stack)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  /** A grade-A lead from demo-request, first touched from `utmSource`, scored into MQL. */
  const anMqlFrom = async (utmSource?: string): Promise<string> => {
    const context = utmSource ? { pageUrl: 'https://www.example.com/', utm: { utm_source: utmSource } } : undefined;
    const leadId = await submitGradeALead(stack.http, stack.ids, { email: stack.ids.email('funnel'), ...(context ? { context } : {}) });
    await stack.scoreQueued();
    return leadId;
  };
  /** A lead that answered one e-book step and never qualified. */
  const aColdLead = async (): Promise<void> => {
    const leadId = await aVisitor(stack.http, 'ebook-download');
    await stack.http.post('/v1/forms/ebook-download/submissions', { leadId, submissionId: stack.ids.id('sub'), answers: { email: stack.ids.email('cold'), company_size: '1-10' } });
    await stack.scoreQueued();
  };
  const decide = (leadId: string, decision: string, reason?: string) =>
    stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, { decision, ...(reason ? { reason } : {}) });

  it('counts new leads, each stage reached, the conversions, the return reasons, by form and by utm_source', async () => {
    // Prepare: converted and accepted from google, returned twice from linkedin, one waiting, one cold.
    const start = stack.clock.now();
    const converted = await anMqlFrom('google');
    const accepted = await anMqlFrom('google');
    const [returned, returnedToo] = [await anMqlFrom('linkedin'), await anMqlFrom('linkedin')];
    await anMqlFrom();
    await aColdLead();
    await decide(converted, 'accept');
    await decide(converted, 'convert');
    await decide(accepted, 'accept');
    await decide(returned, 'reject', 'no budget this year');
    await decide(returnedToo, 'reject', 'no budget this year');
    stack.clock.advance(DAY);

    // Act
    const report = await stack.http.admin.get(`/v1/admin/reports/funnel?from=${start.toISOString()}&to=${stack.clock.now().toISOString()}`);
    const before = await stack.http.admin.get(`/v1/admin/reports/funnel?from=${new Date(start.getTime() - 10 * DAY).toISOString()}&to=${new Date(start.getTime() - DAY).toISOString()}`);

    // Assess
    expect(report.status).toBe(200);
    const funnel = objectOf(report);
    expect(funnel).toMatchObject({ newLeads: 6, MQL: 5, SAL: 2, SQL: 1, nurture: 2, conversion: { leadToMql: 0.833, mqlToSal: 0.4, salToSql: 0.5, mqlToSql: 0.2 } });
    expect(funnel.returnReasons).toEqual([{ reason: 'no budget this year', count: 2 }]);
    expect(funnel.byForm).toEqual([
      expect.objectContaining({ formId: 'demo-request', newLeads: 5, MQL: 5, SAL: 2, SQL: 1, nurture: 2, conversion: expect.objectContaining({ leadToMql: 1 }) }),
      expect.objectContaining({ formId: 'ebook-download', newLeads: 1, MQL: 0, conversion: expect.objectContaining({ leadToMql: 0 }) }),
    ]);
    const bySource = Object.fromEntries((funnel.byUtmSource as { utmSource: string; MQL: number; SAL: number; SQL: number; nurture: number }[]).map(({ utmSource, MQL, SAL, SQL, nurture }) => [utmSource, { MQL, SAL, SQL, nurture }]));
    expect(bySource).toEqual({
      google: { MQL: 2, SAL: 2, SQL: 1, nurture: 0 },
      linkedin: { MQL: 2, SAL: 0, SQL: 0, nurture: 2 },
      '(none)': { MQL: 1, SAL: 0, SQL: 0, nurture: 0 },
    });
    expect(objectOf(before)).toMatchObject({ newLeads: 0, MQL: 0, SAL: 0, SQL: 0, nurture: 0, conversion: { leadToMql: null } });
  });
  it('credits "by form" to the first touch by default and, asked for last touch, to the form that tipped the lead', async () => {
    // Prepare: a reader downloads the e-book, comes back a day later and asks for a demo, which qualifies it;
    // another lead only reads the e-book.
    const start = stack.clock.now();
    const reader = await aVisitor(stack.http, 'ebook-download');
    const email = stack.ids.email('reader');
    const { company_size, role, timeframe, budget } = gradeAAnswers();
    expect((await stack.http.post('/v1/forms/ebook-download/submissions', { leadId: reader, submissionId: stack.ids.id('sub'), answers: { email, company_size } })).status).toBe(202);
    await stack.scoreQueued();
    stack.clock.advance(DAY);
    for (const answers of [{ email, company_size }, { role, timeframe }, { budget }]) {
      expect((await stack.http.post('/v1/forms/demo-request/submissions', { leadId: reader, submissionId: stack.ids.id('sub'), answers })).status).toBe(202);
    }
    await stack.scoreQueued();
    await aColdLead();
    stack.clock.advance(DAY);
    const period = `from=${start.toISOString()}&to=${stack.clock.now().toISOString()}`;
    const byForm = (body: Record<string, unknown>) =>
      (body.byForm as { formId: string; newLeads: number; MQL: number }[]).map(({ formId, newLeads, MQL }) => ({ formId, newLeads, MQL }));

    // Act
    const first = await stack.http.admin.get(`/v1/admin/reports/funnel?${period}`);
    const last = await stack.http.admin.get(`/v1/admin/reports/funnel?${period}&attribution=last`);

    // Assess
    expect(first.status).toBe(200);
    expect(last.status).toBe(200);
    expect(objectOf(first)).toMatchObject({ attribution: 'first', newLeads: 2, MQL: 1 });
    expect(byForm(objectOf(first))).toEqual([{ formId: 'ebook-download', newLeads: 2, MQL: 1 }]);
    expect(objectOf(last)).toMatchObject({ attribution: 'last', newLeads: 2, MQL: 1 });
    expect(byForm(objectOf(last))).toEqual([
      { formId: 'demo-request', newLeads: 1, MQL: 1 },
      { formId: 'ebook-download', newLeads: 1, MQL: 0 },
    ]);
  });

  it('refuses an attribution other than first or last with the SPEC’s error, naming the field', async () => {
    // Act
    const response = await stack.http.admin.get('/v1/admin/reports/funnel?attribution=middle');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: expect.any(String), message: expect.any(String), issues: [{ path: 'attribution', message: expect.stringContaining('first') }] },
    });
  });
});
