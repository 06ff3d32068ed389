import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomePageOut } from '../../../functions/http/wire.js';
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

  it('answers 401 without the admin token', async () => {
    expect((await stack.http.get('/v1/admin/reports/outcomes')).status).toBe(401);
  });
});
