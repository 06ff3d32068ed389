import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../functions/app/ports/store.js';
import { adminHeaders, apiClient, lambdaContext, objectOf } from '../../helpers/http.js';
import { aVisitor, itemsOf, sqsEvent, type TableItem } from '../../helpers/local-stack.js';
import { startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

/** After an erase, nothing keyed to the lead appears later, whatever was in flight (SPEC: DELETE /v1/admin/leads). */
describe('an erase racing the scorer and the API (local stack)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });

  const erase = (leadId: string) => stack.http.send('DELETE', `/v1/admin/leads/${leadId}`, { headers: adminHeaders() });
  const partitionOf = async (leadId: string): Promise<TableItem[]> => itemsOf(await stack.dumpTable(), `LEAD#${leadId}`);
  const tombstoneOf = (leadId: string) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE', leadId, erasedAt: expect.any(String) });
  /** A store that runs `during` once, right after (or before) one of its writes: the erase lands exactly there. */
  const storeErasingAt = <K extends 'claimNotification' | 'finishNotification' | 'putSubmission'>(method: K, leadId: string, when: 'after' | 'before' = 'after'): Store => {
    const real = stack.deps.store;
    const racing = Object.create(real) as Store;
    let erased = false;
    const once = async () => {
      if (erased) return;
      erased = true;
      expect((await erase(leadId)).status).toBe(204);
    };
    racing[method] = (async (...args: unknown[]) => {
      if (when === 'before') await once();
      const result = await (real[method] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
      if (when === 'after') await once();
      return result;
    }) as Store[K];
    return racing;
  };

  it('sends nothing and leaves only the tombstone when the erase lands between a notification’s claim and its send', async () => {
    // Prepare
    const email = stack.ids.email('claimed');
    const leadId = await stack.aGradeALead(email);
    const event = sqsEvent(await stack.drainQueue());

    // Act
    const result = await stack.scorerWith({ store: storeErasingAt('claimNotification', leadId) })(event, lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await partitionOf(leadId)).toEqual([tombstoneOf(leadId)]);
    expect(stack.slack.attempts.filter((post) => JSON.stringify(post).includes(email))).toEqual([]);
    expect((await erase(leadId)).status).toBe(404);
  });

  it('writes no outcome back when the erase lands between a notification’s send and its record', async () => {
    // Prepare
    const leadId = await stack.aGradeALead();
    const event = sqsEvent(await stack.drainQueue());

    // Act
    const result = await stack.scorerWith({ store: storeErasingAt('finishNotification', leadId, 'before') })(event, lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await partitionOf(leadId)).toEqual([tombstoneOf(leadId)]);
  });

  it('moves a step whose lead is erased while it is stored to a new lead, leaving only the tombstone', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: stack.ids.id('sub'), answers: { email: stack.ids.email('first'), company_size: '51-200' } });
    const racing = apiClient(stack.apiWith({ store: storeErasingAt('putSubmission', leadId) }));

    // Act
    const step = await racing.post('/v1/forms/demo-request/submissions', { leadId, submissionId: stack.ids.id('sub'), answers: { email: stack.ids.email('second'), role: 'user' } });

    // Assess
    expect(step.status).toBe(202);
    const newLead = String(objectOf(step).leadId);
    expect(newLead).not.toBe(leadId);
    expect(await partitionOf(leadId)).toEqual([tombstoneOf(leadId)]);
    const answers = objectOf(await stack.http.admin.get(`/v1/admin/leads/${newLead}`)).answers;
    expect(answers).toMatchObject({ role: 'user' });
    expect(answers).not.toHaveProperty('company_size');
  });

  it('keeps no event written for a lead erased while it was stored', async () => {
    // Prepare
    const leadId = await stack.aGradeALead();
    const real = stack.deps.store;
    const racing = Object.create(real) as Store;
    racing.putEvent = async (record) => {
      const stored = await real.putEvent(record);
      if (record.leadId === leadId) await erase(leadId);
      return stored;
    };

    // Act
    const response = await apiClient(stack.apiWith({ store: racing })).post('/v1/events', { leadId, eventId: stack.ids.id('evt'), type: 'pricing_view' });

    // Assess
    expect(response.status).toBe(202);
    expect(await partitionOf(leadId)).toEqual([tombstoneOf(leadId)]);
  });

  it('finishes an erase that stopped half-way when DELETE comes again, aliases included, and still answers 404', async () => {
    // Prepare: a lead, a device that typed its email (an alias), and an erase that crashed after its tombstones.
    const email = stack.ids.email('half-erased');
    const leadId = await stack.aGradeALead(email);
    const alias = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId: alias, submissionId: stack.ids.id('sub'), answers: { email } });
    await stack.scoreQueued();
    const crashing = Object.create(stack.deps.store) as Store;
    crashing.itemsOf = async () => {
      throw new Error('the process died (simulated)');
    };
    await expect(crashing.erase([leadId, alias], stack.clock.now().toISOString())).rejects.toThrow('simulated');
    expect((await partitionOf(leadId)).length).toBeGreaterThan(1);

    // Act
    const again = await erase(leadId);

    // Assess
    expect(again.status).toBe(404);
    expect(await partitionOf(leadId)).toEqual([{ ...tombstoneOf(leadId), aliases: [alias] }]);
    expect(await partitionOf(alias)).toEqual([tombstoneOf(alias)]);
  });
});
