import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext, objectOf, uniqueIds } from '../helpers/http.js';
import { aVisitor, itemsOf, leadItem, publishDefaults, sqsEvent, startLocalStack, submitGradeALead, type LocalStack } from '../helpers/local-stack.js';
import { foldedEntry } from '../../functions/app/tally-keys.js';

const HOUR = 3_600_000;

describe('the scorer on the scoring queue (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });


  it('stores fit and interest for a lead once its jobs are scored, shown on the lead with scoredAt', async () => {
    // Prepare
    const leadId = await submitGradeALead(stack.http, ids);
    await stack.http.post('/v1/events', { leadId, eventId: ids.id('evt'), type: 'pricing_view' });
    const unscored = await stack.http.admin.get(`/v1/admin/leads/${leadId}`);
    const scoredAt = stack.clock.advance(HOUR);

    // Act
    await stack.scoreQueued();

    // Assess
    expect(objectOf(unscored).scoredAt).toBeNull();
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    expect(lead).toMatchObject({ scoredAt: scoredAt.toISOString(), fit: { points: 12, grade: 'A' }, owner: 'sales' });
    const stored = leadItem(await stack.dumpTable(), leadId)?.score;
    expect(stored).toMatchObject({ fit: { points: 12, grade: 'A' }, playbookId: 'default', scoredAt: scoredAt.toISOString() });
    // Three submissions (form_submission, 5 each) and a pricing view (5), an hour old: just under 20, warm.
    expect((stored as { interest: { band: string } }).interest.band).toBe('warm');
  });

  it('scores a batch holding several jobs of one lead without failing any of them', async () => {
    // Prepare: a three-step form and a page event, queued together as Lambda would deliver them.
    const leadId = await submitGradeALead(stack.http, ids);
    await stack.http.post('/v1/events', { leadId, eventId: ids.id('evt'), type: 'pricing_view' });
    const batch = sqsEvent(await stack.drainQueue());

    // Act
    const result = await stack.scorer(batch, lambdaContext('winnow-scorer'));

    // Assess
    expect(batch.Records).toHaveLength(4);
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('keeps what a lead’s score counts in the score itself (its watermark and the items beyond it), so a restart re-queues only what is left', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const submissionId = ids.id('sub');
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId, answers: { email: ids.email() } });
    const lostId = ids.id('sub');
    const queued = await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: lostId, answers: { role: 'user' } });
    const first = (await stack.drainQueue()).find((message) => (JSON.parse(message.Body ?? '{}') as { id?: string }).id === submissionId);

    // Act: the first step's job only; the second's is lost (a restart of the local queue).
    await stack.scorer(sqsEvent(first ? [first] : []), lambdaContext('winnow-scorer'));

    // Assess
    const [submission] = itemsOf(await stack.dumpTable(), `SUBMISSION#${submissionId}`);
    expect(submission).not.toHaveProperty('scoredAt');
    expect(leadItem(await stack.dumpTable(), leadId)).toMatchObject({ score: { through: expect.any(String), folded: [foldedEntry(`s:${leadId}/${submissionId}`)] } });
    const left = [];
    for await (const job of stack.deps.store.unscored()) if (job.leadId === leadId) left.push(job);
    expect(queued.status).toBe(202);
    expect(left).toEqual([{ kind: 'submission', id: lostId, leadId }]);
  });

  it('does nothing for a job whose submission was erased after it was queued', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const submissionId = ids.id('sub');
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId, answers: { email: ids.email() } });
    await stack.deleteItem({ PK: `LEAD#${leadId}`, SK: `SUBMISSION#${submissionId}` });
    const before = await stack.dumpTable();

    // Act
    const { response: result } = await stack.scoreQueued();

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('reports a malformed message in batchItemFailures and still scores the rest of the batch', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email() } });
    const [good] = await stack.drainQueue();
    const batch = sqsEvent([
      { MessageId: 'not-json', ReceiptHandle: 'r1', Body: '{"kind": "submission", ' },
      { MessageId: 'not-a-job', ReceiptHandle: 'r2', Body: JSON.stringify({ kind: 'sale', id: 'x', leadId }) },
      ...(good ? [good] : []),
    ]);

    // Act
    const result = await stack.scorer(batch, lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'not-json' }, { itemIdentifier: 'not-a-job' }]);
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    expect(lead.scoredAt).toBe(stack.clock.now().toISOString());
  });

  it('scores the same jobs again to the same lead, telling sales no second time', async () => {
    // Prepare
    const leadId = await submitGradeALead(stack.http, ids);
    const messages = await stack.drainQueue();
    for (const message of messages) await stack.scorer(sqsEvent([message]), lambdaContext('winnow-scorer'));
    const once = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    const mailed = stack.mail.length;

    // Act
    for (const message of messages) await stack.scorer(sqsEvent([message]), lambdaContext('winnow-scorer'));

    // Assess
    expect(objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`))).toEqual(once);
    expect(once).toMatchObject({ fit: { grade: 'A' } });
    expect(stack.mail).toHaveLength(mailed);
  });
});
