import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeRecordSchema, backtest } from '../../../functions/core/index.js';
import { CalibrationOut, OutcomePageOut } from '../../../functions/http/wire.js';
import { aPlaybook } from '../../helpers/factories.js';
import { startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

const MINUTE_MS = 60_000;

describe('outcome records: every cycle that reached MQL, with what sales made of it (local stack)', () => {
  let stack: QualificationStack;

  const qualify = async (label: string): Promise<string> => {
    const leadId = await stack.aGradeALead(stack.ids.email(label));
    const { response } = await stack.scoreQueued();
    expect(response.batchItemFailures).toEqual([]);
    return leadId;
  };
  const decide = async (leadId: string, body: object) => expect((await stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, body)).status).toBe(200);
  const outcomes = async (query: string) => {
    const response = await stack.http.admin.get(`/v1/admin/reports/outcomes${query}`);
    expect(response.status).toBe(200);
    return OutcomePageOut.parse(response.body);
  };

  beforeAll(async () => {
    stack = await startQualificationStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('records each cycle when it qualifies, and moves its outcome on with each decision', async () => {
    // Prepare
    const start = stack.clock.now();
    const open = await qualify('open');
    stack.clock.advance(MINUTE_MS);
    const accepted = await qualify('accepted');
    stack.clock.advance(MINUTE_MS);
    const converted = await qualify('converted');
    stack.clock.advance(MINUTE_MS);
    const returned = await qualify('returned');
    stack.clock.advance(10 * MINUTE_MS);
    await decide(accepted, { decision: 'accept' });
    await decide(converted, { decision: 'accept' });
    await decide(converted, { decision: 'convert' });
    await decide(returned, { decision: 'reject', reason: 'no budget' });
    // What the lead does after qualifying is not what qualified it.
    expect((await stack.http.post('/v1/events', { leadId: open, eventId: stack.ids.id('ev'), type: 'page_view' })).status).toBe(202);
    await stack.scoreQueued();

    // Act
    const page = await outcomes(`?from=${start.toISOString()}&to=${stack.clock.now().toISOString()}`);

    // Assess
    expect(page.cursor).toBeUndefined();
    expect(page.outcomes.map(({ leadId, outcome, reason }) => ({ leadId, outcome, reason }))).toEqual([
      { leadId: open, outcome: 'open', reason: undefined },
      { leadId: accepted, outcome: 'accepted', reason: undefined },
      { leadId: converted, outcome: 'converted', reason: undefined },
      { leadId: returned, outcome: 'returned', reason: 'no budget' },
    ]);
    const [first] = page.outcomes;
    expect(first).toMatchObject({ cycle: 1, qualifiedAt: start.toISOString(), handRaiser: false, playbookId: 'default', grade: 'A', formId: 'demo-request' });
    expect(first?.answers).toMatchObject({ company_size: expect.any(String), budget: expect.any(Number) });
    // Its three steps were scored in one batch, as one: the record holds what that score counted, so a replay is exact.
    expect(first?.events.map(({ type }) => type)).toEqual(['form_submission', 'form_submission', 'form_submission']);
    expect(page.outcomes[2]?.decidedAt).toBe(stack.clock.now().toISOString());
  });

  it('pages oldest first with a cursor only while more remain, and refuses a cursor it did not hand out', async () => {
    // Prepare
    const start = stack.clock.now();
    const leads = [];
    for (const label of ['p1', 'p2', 'p3']) {
      stack.clock.advance(MINUTE_MS);
      leads.push(await qualify(label));
    }
    const period = `from=${start.toISOString()}&to=${stack.clock.now().toISOString()}`;

    // Act
    const first = await outcomes(`?${period}&limit=2`);
    const second = await outcomes(`?${period}&limit=2&cursor=${first.cursor ?? ''}`);
    const forged = await stack.http.admin.get(`/v1/admin/reports/outcomes?${period}&cursor=eyJhZnRlciI6IngifQ`);

    // Assess
    expect([...first.outcomes, ...second.outcomes].map(({ leadId }) => leadId)).toEqual(leads);
    expect(first.cursor).toBeDefined();
    expect(second.cursor).toBeUndefined();
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: { code: 'bad_request', issues: [{ path: 'cursor' }] } });
  });

  it('reports calibration from the records: baseline, the grade × band cell, criteria values and return reasons', async () => {
    // Prepare: four grade-A MQLs of the default playbook; one converted, one accepted, one returned, one open.
    stack.clock.advance(MINUTE_MS);
    const start = new Date(stack.clock.now().getTime() + 1);
    const leads: string[] = [];
    for (const label of ['c1', 'c2', 'c3', 'c4']) {
      stack.clock.advance(MINUTE_MS);
      leads.push(await qualify(label));
    }
    const [converted, accepted, returned] = leads as [string, string, string, string];
    await decide(converted, { decision: 'convert' });
    await decide(accepted, { decision: 'accept' });
    await decide(returned, { decision: 'reject', reason: 'no budget' });
    const period = `from=${start.toISOString()}&to=${stack.clock.now().toISOString()}`;

    // Act
    const response = await stack.http.admin.get(`/v1/admin/reports/calibration?${period}`);
    const unknown = await stack.http.admin.get(`/v1/admin/reports/calibration?playbook=nope&${period}`);

    // Assess
    expect(response.status).toBe(200);
    const report = CalibrationOut.parse(response.body);
    expect(report.baseline).toMatchObject({ mqls: 4, converted: 1, accepted: 1, returned: 1, open: 1, decided: 3, acceptRate: 0.667, sqlRate: 0.333 });
    const cell = report.cells.find(({ mqls }) => mqls > 0);
    expect(cell).toMatchObject({ grade: 'A', mqls: 4, lift: 1 });
    expect(report.criteria.length).toBeGreaterThan(0);
    expect(report.criteria.every(({ mqls }) => mqls === 4 || mqls === 0)).toBe(true);
    expect(report.returnReasons[0]).toEqual({ grade: 'A', returned: 1, reasons: [{ reason: 'no budget', count: 1 }] });
    expect(unknown.status).toBe(404);
  });

  it('replays exactly: the playbook in force, backtested on the recorded cycles, makes every one an MQL again at its grade and band', async () => {
    // Prepare: leads that qualified by fit and by behaviour, some with events before and after.
    stack.clock.advance(MINUTE_MS);
    const start = new Date(stack.clock.now().getTime() + 1);
    for (const label of ['x1', 'x2', 'x3', 'x4', 'x5']) {
      stack.clock.advance(7 * MINUTE_MS);
      const leadId = await qualify(label);
      for (const type of ['page_view', 'webinar_attended'].slice(0, label.length % 3)) {
        await stack.http.admin.post('/v1/admin/events', { events: [{ leadId, eventId: stack.ids.id('ev'), type }] });
      }
      await stack.scoreQueued();
    }
    const records = (await outcomes(`?from=${start.toISOString()}&to=${stack.clock.now().toISOString()}&limit=500`)).outcomes.map((record) => OutcomeRecordSchema.parse(record));

    // Act
    const replay = backtest(records, aPlaybook());

    // Assess
    expect(records).toHaveLength(5);
    expect(replay.candidate).toEqual(replay.inForce);
    expect(replay.ownerChanges.cycles).toBe(0);
    for (const [i, verdict] of replay.verdicts.entries()) {
      expect(verdict.changed).toBe(false);
      expect(verdict.candidate).toMatchObject({ mql: true, grade: verdict.inForce.grade, band: verdict.inForce.band, fitPoints: records[i]?.fitPoints });
      expect(verdict.candidate.interestScore).toBeCloseTo(records[i]?.interestScore ?? Number.NaN, 9);
    }
  });

  it('answers 401 without the admin token', async () => {
    expect((await stack.http.get('/v1/admin/reports/outcomes')).status).toBe(401);
  });
});
