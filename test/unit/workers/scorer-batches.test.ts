import type { Message } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { eventJob } from '../../../functions/app/ports/queue.js';
import type { EventRecord, Store, StoredLead } from '../../../functions/app/ports/store.js';
import { PlaybookSchema, leadEvents, tallyEvents } from '../../../functions/core/index.js';
import { createScorer } from '../../../functions/workers/scorer.js';
import { SETTLE_MS, foldedEntry } from '../../../functions/app/tally-keys.js';
import { NOW, aFormInput, aLeadRecord, aLifecycle, aPlaybookInput, aQuestionInput, aStoredScore, aSubmissionRecord, anEventRecord } from '../../helpers/factories.js';
import { aClock, lambdaContext, memoryDependencies, mockQueue, publishIn, recordingStore, storeLead, testConfig, type Clock } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';

const queue = mockQueue();

/** A job as SQS hands it over: as queued before jobs carried their event, or by a restart. */
const aJob = (leadId: string, eventId: string): Message => ({
  MessageId: `${leadId}-${eventId}`,
  ReceiptHandle: `receipt-${eventId}`,
  Body: JSON.stringify({ kind: 'event', id: eventId, leadId }),
});

/** A job as the API queues it: carrying what scoring counts of its event. */
const aCarryingJob = (record: EventRecord): Message => ({ ...aJob(record.leadId, record.eventId), Body: JSON.stringify(eventJob(record)) });

const methodsOf = (calls: { method: string }[]) => calls.map(({ method }) => method);

/** The writes of a score (a lifecycle change carried out writes the lifecycle alone). */
const scorings = (calls: { method: string; args: unknown[] }[]) =>
  calls.filter(({ method, args }) => method === 'saveQualification' && (args[1] as { score?: unknown }).score !== undefined).length;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Where a lead's first scoring at NOW puts its watermark: a settle window back. */
const settledAt = new Date(NOW.getTime() - SETTLE_MS).toISOString();

describe('the scorer on a batch (in-memory store)', () => {
  let store: MemoryStore;
  let clock: Clock;

  /** The tally a full recompute of the lead's stored events gives, to the ninth decimal. */
  const fullTally = async (leadId: string, asOf: Date = NOW) =>
    Object.fromEntries(
      Object.entries(tallyEvents(PlaybookSchema.parse(aPlaybookInput()), leadEvents(await store.activity([leadId])), asOf).types).map(([type, total]) => [
        type,
        { count: total.count, points: expect.closeTo(total.points, 9) as number },
      ]),
    );

  const scorerOn = (on: Store) => {
    const deps = memoryDependencies(on, testConfig(), clock);
    return createScorer({ store: deps.store, queue: deps.queue, mailer: { send: async () => 'id' }, now: clock.now, publicUrl: 'https://winnow.test', linkSecret: 's'.repeat(32) });
  };

  beforeEach(async () => {
    queue.reset();
    clock = aClock();
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    await storeLead(store, aLeadRecord({ leadId: 'lead_a', answers: { email: 'ada@example.com' } }));
    await storeLead(store, aLeadRecord({ leadId: 'lead_b', answers: { email: 'bob@example.com' } }));
    for (const [leadId, eventId] of [['lead_a', 'evt-1'], ['lead_a', 'evt-2'], ['lead_b', 'evt-3']] as const) await store.putEvent(anEventRecord({ leadId, eventId }));
  });

  it('scores a lead’s events in one batch as one: one history read (its first scoring) and one write for them all', async () => {
    // Prepare
    const recorded = recordingStore(store);

    // Act
    const result = await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(methodsOf(recorded.calls).filter((method) => method === 'activity' || method === 'saveQualification')).toEqual(['activity', 'saveQualification']);
    expect(((await store.getLead('lead_a')) as StoredLead).score).toMatchObject({ through: settledAt, folded: [foldedEntry('e:lead_a/evt-1'), foldedEntry('e:lead_a/evt-2')] });
    expect(await store.getEvent('lead_a', 'evt-2')).not.toHaveProperty('scoredAt');
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
  });

  it('scores jobs carrying their events as reading them would, reading the leads alone', async () => {
    // Prepare: lead_a's events read by their jobs, lead_b's the same events carried.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    const carried = [anEventRecord({ leadId: 'lead_b', eventId: 'evt-1' }), anEventRecord({ leadId: 'lead_b', eventId: 'evt-2' })];
    for (const record of carried) await store.putEvent(record);
    const recorded = recordingStore(store);

    // Act
    const result = await scorerOn(recorded.store)(sqsEvent(carried.map(aCarryingJob)), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(recorded.calls.filter(({ method }) => method === 'jobReads').map(({ args }) => args)).toEqual([[['lead_b', 'lead_b'], []]]);
    expect(methodsOf(recorded.calls)).not.toContain('getEvent');
    const [a, b] = [((await store.getLead('lead_a')) as StoredLead).score, ((await store.getLead('lead_b')) as StoredLead).score];
    expect(b?.folded).toEqual([foldedEntry('e:lead_b/evt-1'), foldedEntry('e:lead_b/evt-2')]);
    expect({ tally: b?.tally, through: b?.through, fit: b?.fit, interest: b?.interest }).toEqual({ tally: a?.tally, through: a?.through, fit: a?.fit, interest: a?.interest });
  });

  it('scores nothing for a job carrying its event once its lead is erased: the lead read says so', async () => {
    // Prepare
    const job = aCarryingJob(anEventRecord({ leadId: 'lead_a', eventId: 'evt-1' }));
    await store.erase(['lead_a'], NOW.toISOString());
    const before = store.snapshot();

    // Act
    const result = await scorerOn(store)(sqsEvent([job]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(store.snapshot()).toEqual(before);
  });

  it('folds in an event stored after the lead’s last scoring, without reading its history again', async () => {
    // Prepare
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-4', type: 'webinar_attended' }));
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-4')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(methodsOf(recorded.calls)).toContain('saveQualification');
    expect(methodsOf(recorded.calls)).not.toContain('activity');
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
  });

  it('counts an event once when its job comes again after its score was stored (a worker killed before the message was deleted)', async () => {
    // Prepare
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-2'), aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(methodsOf(recorded.calls)).not.toContain('saveQualification');
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
  });

  it('finishes a job its watermark covers with no write, once the watermark has moved past its event', async () => {
    // Prepare: scored, then a new playbook version an hour later recomputes and moves the watermark past both events.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    clock.advance(HOUR_MS);
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-4', receivedAt: clock.now().toISOString() }));
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-4')]), lambdaContext('winnow-scorer'));
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));

    // Assess
    const { score } = (await store.getLead('lead_a')) as StoredLead;
    expect(score).toMatchObject({ through: new Date(NOW.getTime() + HOUR_MS - SETTLE_MS).toISOString(), folded: [foldedEntry('e:lead_a/evt-4')] });
    expect(methodsOf(recorded.calls)).not.toContain('saveQualification');
    expect(score?.tally?.types).toEqual(await fullTally('lead_a', clock.now()));
  });

  it('counts once an event reported late with an old date: the watermark is the server’s capture clock, not the event’s', async () => {
    // Prepare: scored an hour on (watermark at NOW + 1 h − SETTLE); then an event dated a day earlier arrives.
    clock.advance(HOUR_MS);
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-old', at: new Date(NOW.getTime() - DAY_MS).toISOString(), receivedAt: clock.now().toISOString() }));

    // Act: its job, then the same job again.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-old')]), lambdaContext('winnow-scorer'));
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-old')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a', clock.now()));
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types.pricing_view?.count).toBe(3);
  });

  it('keeps an event its tally counts beyond the watermark when a new playbook version makes the next job recompute', async () => {
    // Prepare: evt-1 is in the tally (its message not deleted yet); then a new playbook version.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));
    await publishIn(store, 'playbook', aPlaybookInput(), 2);

    // Act: evt-2's job recomputes; then evt-1's job comes back.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    const recorded = recordingStore(store);
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
    expect(methodsOf(recorded.calls)).not.toContain('saveQualification');
  });

  it('recomputes once a lead scored before the watermark, counting each item once whether its job had marked it or not', async () => {
    // Prepare: a score from before the watermark holds evt-1 (marked scored) and evt-2 (folded, not marked yet).
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    const { score, lifecycle, lifecycleVersion } = (await store.getLead('lead_a')) as StoredLead;
    const { through: _through, ...legacy } = score ?? aStoredScore();
    await store.saveQualification('lead_a', { lifecycle: lifecycle ?? aLifecycle(), score: { ...legacy, folded: ['e:lead_a/evt-2'] } }, lifecycleVersion);
    await store.dropActivity('event', 'lead_a', 'evt-1');
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-1', scoredAt: NOW.toISOString() }));
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-5', type: 'webinar_attended' }));
    const recorded = recordingStore(store);

    // Act: the old jobs again, and a new one.
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-2'), aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-5'), aJob('lead_a', 'evt-5')]), lambdaContext('winnow-scorer'));

    // Assess: one recompute (the first job), which writes a watermark; the rest build on it.
    expect(methodsOf(recorded.calls).filter((method) => method === 'activity')).toEqual(['activity']);
    const after = ((await store.getLead('lead_a')) as StoredLead).score;
    expect(after).toMatchObject({ through: settledAt });
    expect(after?.tally?.types).toEqual(await fullTally('lead_a'));
  });

  it('scores again, whenever the job was sent, once a new playbook version is published', async () => {
    // Prepare
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(methodsOf(recorded.calls)).toContain('activity');
    expect(await store.getLead('lead_a')).toMatchObject({ score: { playbookVersion: 2 } });
  });

  it('scores distinct leads of a batch at once, each lead’s jobs as one: one write per lead, whatever kinds of job it holds', async () => {
    // Prepare: lead_a's events, then a submission since erased, then another event.
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-4' }));
    const recorded = recordingStore(store);
    const aStep: Message = { MessageId: 'lead_a-sub-1', ReceiptHandle: 'receipt-sub-1', Body: JSON.stringify({ kind: 'submission', id: 'sub-gone', leadId: 'lead_a' }) };

    // Act
    const result = await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2'), aJob('lead_b', 'evt-3'), aStep, aJob('lead_a', 'evt-4')]), lambdaContext('winnow-scorer'));

    // Assess: one read for the batch, one write per lead; the erased step adds nothing.
    const saves = recorded.calls.filter((call) => call.method === 'saveQualification').map((call) => call.args[0]);
    expect(result.batchItemFailures).toEqual([]);
    expect(methodsOf(recorded.calls).filter((method) => method === 'jobReads')).toHaveLength(1);
    expect([...saves].sort()).toEqual(['lead_a', 'lead_b']);
    expect(((await store.getLead('lead_a')) as StoredLead).score?.folded).toEqual([foldedEntry('e:lead_a/evt-1'), foldedEntry('e:lead_a/evt-2'), foldedEntry('e:lead_a/evt-4')]);
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
    expect(((await store.getLead('lead_b')) as StoredLead).score?.folded).toEqual([foldedEntry('e:lead_b/evt-3')]);
  });

  it('applies a lead’s unapplied steps in order and scores them with its events in one write, its hand raised once, on the form that raised it', async () => {
    // Prepare: two steps the API stored but never applied (it crashed): a demo request (a hand-raiser), then a newsletter form.
    const newsletter = aFormInput({ id: 'newsletter', title: 'Newsletter', questions: [aQuestionInput('email', { id: 'email', required: true }), aQuestionInput('text', { id: 'company' })] });
    const demo = aFormInput({ id: 'demo', title: 'Book a demo', handRaiser: true, questions: [aQuestionInput('text', { id: 'company' }), aQuestionInput('text', { id: 'message' })] });
    await publishIn(store, 'form', newsletter);
    await publishIn(store, 'form', demo);
    await store.putSubmission(aSubmissionRecord({ submissionId: 'sub-1', leadId: 'lead_a', formId: 'demo', answers: { message: 'Call me' }, at: new Date(NOW.getTime() - 2_000).toISOString() }));
    await store.putSubmission(aSubmissionRecord({ submissionId: 'sub-2', leadId: 'lead_a', formId: 'newsletter', answers: { email: 'ada@example.com', company: 'Acme' }, at: new Date(NOW.getTime() - 1_000).toISOString() }));
    const aStep = (id: string): Message => ({ MessageId: `lead_a-${id}`, ReceiptHandle: `receipt-${id}`, Body: JSON.stringify({ kind: 'submission', id, leadId: 'lead_a' }) });
    const recorded = recordingStore(store);

    // Act: the steps and an event, then the same batch again (its messages redelivered).
    const batch = sqsEvent([aStep('sub-1'), aJob('lead_a', 'evt-1'), aStep('sub-2'), aJob('lead_a', 'evt-2'), aStep('sub-2')]);
    const result = await scorerOn(recorded.store)(batch, lambdaContext('winnow-scorer'));
    const first = scorings(recorded.calls);
    await scorerOn(recorded.store)(batch, lambdaContext('winnow-scorer'));

    // Assess
    const after = (await store.getLead('lead_a')) as StoredLead;
    expect(result.batchItemFailures).toEqual([]);
    expect(first).toBe(1);
    expect(scorings(recorded.calls)).toBe(1);
    expect(after.lead.submissionIds).toEqual(['sub-1', 'sub-2']);
    expect(after.lead.answers).toMatchObject({ email: 'ada@example.com', company: 'Acme', message: 'Call me' });
    expect([...(after.score?.folded ?? [])].sort()).toEqual([foldedEntry('e:lead_a/evt-1'), foldedEntry('e:lead_a/evt-2'), foldedEntry('s:lead_a/sub-1'), foldedEntry('s:lead_a/sub-2')].sort());
    expect(after.score?.tally?.types).toEqual(await fullTally('lead_a'));
    expect(after.lifecycle).toMatchObject({ stage: 'MQL', cycle: 1, handRaiser: true });
    expect(after.lifecycle?.history.at(-1)?.why).toBe('raised a hand on demo');
  });

  it('scores each job on its own when scoring the lead’s jobs together fails, so a step whose form is not published holds up none of its events', async () => {
    // Prepare: a step on a form version never published, between two events.
    await store.putSubmission(aSubmissionRecord({ submissionId: 'sub-lost', leadId: 'lead_a', formId: 'unpublished' }));
    const aStep: Message = { MessageId: 'lead_a-sub-lost', ReceiptHandle: 'receipt-sub-lost', Body: JSON.stringify({ kind: 'submission', id: 'sub-lost', leadId: 'lead_a' }) };

    // Act
    const result = await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1'), aStep, aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'lead_a-sub-lost' }]);
    expect([...(((await store.getLead('lead_a')) as StoredLead).score?.folded ?? [])].sort()).toEqual([foldedEntry('e:lead_a/evt-1'), foldedEntry('e:lead_a/evt-2')].sort());
  });
});
