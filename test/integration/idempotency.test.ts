import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScoringJob, ScoringQueue } from '../../functions/adapters/scoring-queue.js';
import { adminHeaders, apiClient, errorOf, objectOf, uniqueIds } from '../helpers/http.js';
import { aVisitor, itemsOf, jobsIn, publishDefaults, startLocalStack, type LocalStack, type TableItem } from '../helpers/local-stack.js';

/** A queue whose first `failures` sends fail the way an SQS outage does, then recover. */
const aQueueFailing = (queue: ScoringQueue, failures = 1): ScoringQueue & { attempts: ScoringJob[] } => {
  const attempts: ScoringJob[] = [];
  return {
    attempts,
    enqueue: async (job) => {
      attempts.push(job);
      if (attempts.length <= failures) throw new Error('SQS is unavailable (simulated)');
      await queue.enqueue(job);
    },
    enqueueAll: (jobs) => queue.enqueueAll(jobs),
    retryLater: (receiptHandle, seconds) => queue.retryLater(receiptHandle, seconds),
    defer: (job, seconds) => queue.defer(job, seconds),
  };
};

const itemWithKey = (items: readonly TableItem[], sk: string): TableItem | undefined => items.find((item) => item.SK === sk);

describe('idempotent replays (local stack)', () => {
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


  it('answers the same submissionId again with the same body, one stored submission, the lead unchanged and the job queued again', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const body = { leadId, submissionId: ids.id('sub'), answers: { email: ids.email(), company_size: '51-200' } };
    const first = await stack.http.post('/v1/forms/demo-request/submissions', body);
    const afterFirst = await stack.dumpTable();
    const firstJobs = await stack.drainQueue();
    stack.clock.advance(60_000);

    // Act
    const second = await stack.http.post('/v1/forms/demo-request/submissions', body);

    // Assess
    expect(first.status).toBe(202);
    expect(second).toEqual(first);
    const afterSecond = await stack.dumpTable();
    expect(afterSecond).toEqual(afterFirst);
    expect(itemsOf(afterSecond, `SUBMISSION#${body.submissionId}`)).toHaveLength(1);
    expect(jobsIn(firstJobs)).toEqual([{ kind: 'submission', id: body.submissionId, leadId }]);
    expect(jobsIn(await stack.drainQueue())).toEqual([{ kind: 'submission', id: body.submissionId, leadId }]);
  });

  it('refuses a replay carrying different answers with 409 idempotency_key_reused, changing nothing', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const submissionId = ids.id('sub');
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId, answers: { email: ids.email(), company_size: '1-10' } });
    const before = await stack.dumpTable();
    await stack.drainQueue();

    // Act
    const replay = await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId, answers: { email: ids.email(), company_size: '201+' } });

    // Assess
    expect(replay.status).toBe(409);
    expect(errorOf(replay)).toMatchObject({ code: 'idempotency_key_reused', issues: [{ path: 'submissionId', message: expect.any(String) }] });
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });

  it('answers a submission replayed without a leadId with the lead its first try made, and another body under that id with a lead of its own', async () => {
    // Prepare
    const submissionId = ids.id('sub');
    const body = { submissionId, answers: { email: ids.email(), company_size: '11-50' } };
    const first = await stack.http.post('/v1/forms/demo-request/submissions', body);

    // Act
    const replay = await stack.http.post('/v1/forms/demo-request/submissions', body);
    const other = await stack.http.post('/v1/forms/demo-request/submissions', { submissionId, answers: { email: ids.email(), company_size: '201+' } });

    // Assess
    expect(first.status).toBe(202);
    expect(replay).toEqual(first);
    expect(other.status).toBe(202);
    expect(objectOf(other).leadId).not.toBe(objectOf(first).leadId);
  });

  it('starts a new lead when a submission without a leadId is replayed after the lead its first try made was erased', async () => {
    // Prepare
    const body = { submissionId: ids.id('sub'), answers: { email: ids.email() } };
    const first = objectOf(await stack.http.post('/v1/forms/demo-request/submissions', body));
    expect((await stack.http.send('DELETE', `/v1/admin/leads/${String(first.leadId)}`, { headers: adminHeaders() })).status).toBe(204);

    // Act
    const replay = await stack.http.post('/v1/forms/demo-request/submissions', body);

    // Assess
    expect(replay.status).toBe(202);
    const successor = String(objectOf(replay).leadId);
    expect(successor).not.toBe(first.leadId);
    expect(objectOf(await stack.http.admin.get(`/v1/admin/leads/${successor}`)).email).toBe(body.answers.email);
    expect((await stack.http.admin.get(`/v1/admin/leads/${String(first.leadId)}`)).status).toBe(404);
  });

  it('stores the same eventId once, answering 202 each time and queueing it again, as first stored', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const event = { leadId, eventId: ids.id('evt'), type: 'pricing_view' };
    const first = await stack.http.post('/v1/events', event);
    const afterFirst = await stack.dumpTable();
    await stack.drainQueue();

    // Act
    const second = await stack.http.post('/v1/events', event);

    // Assess
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body).toEqual(first.body);
    const afterSecond = await stack.dumpTable();
    expect(afterSecond).toEqual(afterFirst);
    const stored = itemsOf(afterSecond, `EVENT#${event.eventId}`);
    expect(stored).toHaveLength(1);
    expect(jobsIn(await stack.drainQueue())).toEqual([{ kind: 'event', id: event.eventId, leadId, event: { type: 'pricing_view', at: stored[0]?.at, receivedAt: stored[0]?.receivedAt } }]);
  });

  it('keeps another lead’s event with the same eventId apart: both stored, neither dropped', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const eventId = ids.id('evt');
    await stack.http.post('/v1/events', { leadId, eventId, type: 'page_view' });
    const before = await stack.dumpTable();
    const stranger = await aVisitor(stack.http);

    // Act
    const theirs = await stack.http.post('/v1/events', { leadId: stranger, eventId, type: 'page_view' });

    // Assess
    expect(theirs.status).toBe(202);
    const after = await stack.dumpTable();
    expect(after).toEqual(expect.arrayContaining(before));
    expect(itemsOf(after, `EVENT#${eventId}`).map((item) => item.leadId)).toEqual(expect.arrayContaining([leadId, stranger]));
  });

  it('refuses the same eventId with another body with 409 idempotency_key_reused, changing nothing', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http);
    const eventId = ids.id('evt');
    await stack.http.post('/v1/events', { leadId, eventId, type: 'page_view' });
    const before = await stack.dumpTable();
    await stack.drainQueue();

    // Act
    const reused = await stack.http.post('/v1/events', { leadId, eventId, type: 'pricing_view' });

    // Assess
    expect(reused.status).toBe(409);
    expect(errorOf(reused)).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });

  it('queues on the retry a submission whose first try was stored but could not be queued', async () => {
    // Prepare
    const queue = aQueueFailing(stack.deps.queue);
    const flaky = apiClient(stack.apiWith({ queue }));
    const leadId = await aVisitor(stack.http);
    const body = { leadId, submissionId: ids.id('sub'), answers: { email: ids.email(), company_size: '11-50' } };

    // Act
    const failed = await flaky.post('/v1/forms/demo-request/submissions', body);
    const storedByTheFailure = itemWithKey(await stack.dumpTable(), `SUBMISSION#${body.submissionId}`);
    const queuedByTheFailure = await stack.drainQueue();
    const retried = await flaky.post('/v1/forms/demo-request/submissions', body);

    // Assess
    expect(failed.status).toBe(500);
    expect(errorOf(failed)).toEqual({ code: 'internal', message: expect.any(String) });
    expect(JSON.stringify(failed.body)).not.toContain('SQS');
    expect(storedByTheFailure).toMatchObject({ leadId, submissionId: body.submissionId });
    expect(queuedByTheFailure).toEqual([]);
    expect(retried.status).toBe(202);
    expect(objectOf(retried).leadId).toBe(leadId);
    expect(jobsIn(await stack.drainQueue())).toEqual([{ kind: 'submission', id: body.submissionId, leadId }]);
    const lead = await stack.http.admin.get(`/v1/admin/leads/${leadId}`);
    expect(objectOf(lead).answers).toEqual({ email: body.answers.email, company_size: '11-50' });
  });

  it('queues on the retry an event whose first try was stored but could not be queued', async () => {
    // Prepare
    const queue = aQueueFailing(stack.deps.queue);
    const flaky = apiClient(stack.apiWith({ queue }));
    const leadId = await aVisitor(stack.http);
    const event = { leadId, eventId: ids.id('evt'), type: 'content_download' };

    // Act
    const failed = await flaky.post('/v1/events', event);
    const queuedByTheFailure = await stack.drainQueue();
    const retried = await flaky.post('/v1/events', event);

    // Assess
    expect(failed.status).toBe(500);
    expect(queuedByTheFailure).toEqual([]);
    expect(retried.status).toBe(202);
    expect(jobsIn(await stack.drainQueue())).toEqual([{ kind: 'event', id: event.eventId, leadId, event: expect.objectContaining({ type: 'content_download' }) as unknown }]);
  });

  it('stores on the retry the lead of a first event whose first try stored the event but not its lead', async () => {
    // Prepare: a visitor's first event, its first try stopped between the event's put and its lead's.
    const ensureLead = stack.deps.store.ensureLead.bind(stack.deps.store);
    let stopped = false;
    const store = Object.assign(Object.create(stack.deps.store) as typeof stack.deps.store, {
      ensureLead: async (lead: Parameters<typeof ensureLead>[0]) => {
        if (stopped) return ensureLead(lead);
        stopped = true;
        throw new Error('the function stopped (simulated)');
      },
    });
    const flaky = apiClient(stack.apiWith({ store }));
    const leadId = await aVisitor(stack.http);
    const event = { leadId, eventId: ids.id('evt'), type: 'content_download' };

    // Act
    const failed = await flaky.post('/v1/events', event);
    const leadAfterFailure = await stack.http.admin.get(`/v1/admin/leads/${leadId}`);
    const retried = await flaky.post('/v1/events', event);

    // Assess: the retry stores the lead, created when its event was captured, so its history counts.
    expect(failed.status).toBe(500);
    expect(leadAfterFailure.status).toBe(404);
    expect(retried.status).toBe(202);
    const stored = await stack.http.admin.get(`/v1/admin/leads/${leadId}`);
    const [job] = jobsIn(await stack.drainQueue()) as ScoringJob[];
    expect(job).toEqual({ kind: 'event', id: event.eventId, leadId, event: expect.objectContaining({ type: 'content_download' }) as unknown });
    expect(stored.status).toBe(200);
    expect(objectOf(stored).createdAt).toBe(job?.event?.receivedAt);
  });
});
