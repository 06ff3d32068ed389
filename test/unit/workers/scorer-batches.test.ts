import type { Message } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import type { Store, StoredLead } from '../../../functions/app/ports/store.js';
import { PlaybookSchema, leadEvents, tallyEvents } from '../../../functions/core/index.js';
import { createScorer } from '../../../functions/workers/scorer.js';
import { NOW, aLeadRecord, aPlaybookInput, anEventRecord } from '../../helpers/factories.js';
import { aClock, lambdaContext, memoryDependencies, mockQueue, publishIn, recordingStore, storeLead, testConfig, type Clock } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';

const queue = mockQueue();

/** A job as SQS hands it over. */
const aJob = (leadId: string, eventId: string): Message => ({
  MessageId: `${leadId}-${eventId}`,
  ReceiptHandle: `receipt-${eventId}`,
  Body: JSON.stringify({ kind: 'event', id: eventId, leadId }),
});

const methodsOf = (calls: { method: string }[]) => calls.map(({ method }) => method);

describe('the scorer on a batch (in-memory store)', () => {
  let store: MemoryStore;
  let clock: Clock;

  /** The tally a full recompute of the lead's stored events gives, to the ninth decimal. */
  const fullTally = async (leadId: string) =>
    Object.fromEntries(
      Object.entries(tallyEvents(PlaybookSchema.parse(aPlaybookInput()), leadEvents(await store.activity([leadId])), NOW).types).map(([type, total]) => [
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

  it('reads a lead’s history once for a batch of its jobs: the first recomputes, the next folds its own event in', async () => {
    // Prepare
    const recorded = recordingStore(store);

    // Act
    const result = await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(methodsOf(recorded.calls).filter((method) => method === 'activity' || method === 'saveQualification')).toEqual(['activity', 'saveQualification', 'saveQualification']);
    expect(await store.getEvent('lead_a', 'evt-2')).toMatchObject({ scoredAt: NOW.toISOString() });
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
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

  it('counts an event once when its job comes again, marked scored or not (a crash between the two writes)', async () => {
    // Prepare: the first try stores the score, then dies before marking its event scored.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));
    const dying: Store = Object.create(store) as Store;
    dying.markScored = async () => {
      throw new Error('the worker was killed');
    };
    await scorerOn(dying)(sqsEvent([aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-2'), aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(methodsOf(recorded.calls)).not.toContain('saveQualification');
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
  });

  it('keeps an event its tally holds but its job has not marked yet when a new playbook version makes the next job recompute', async () => {
    // Prepare: evt-1 is in the tally, but its worker died before marking it; then a new playbook version.
    const dying: Store = Object.create(store) as Store;
    dying.markScored = async () => {
      throw new Error('the worker was killed');
    };
    await scorerOn(dying)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));
    await publishIn(store, 'playbook', aPlaybookInput(), 2);

    // Act: evt-2's job recomputes; then evt-1's job comes back.
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-2')]), lambdaContext('winnow-scorer'));
    const recorded = recordingStore(store);
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(((await store.getLead('lead_a')) as StoredLead).score?.tally?.types).toEqual(await fullTally('lead_a'));
    expect(methodsOf(recorded.calls)).not.toContain('saveQualification');
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

  it('scores distinct leads of a batch at once, and one lead’s jobs one after another', async () => {
    // Prepare
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1'), aJob('lead_a', 'evt-2'), aJob('lead_b', 'evt-3')]), lambdaContext('winnow-scorer'));

    // Assess: one read for the batch; lead_b scored while lead_a's jobs run, lead_a's second after its first.
    const at = (method: string, id: string) => recorded.calls.findIndex((call) => call.method === method && call.args.includes(id));
    const last = (method: string, id: string) => recorded.calls.findLastIndex((call) => call.method === method && call.args.includes(id));
    expect(methodsOf(recorded.calls).filter((method) => method === 'jobReads')).toHaveLength(1);
    expect(at('saveQualification', 'lead_b')).toBeLessThan(at('markScored', 'evt-2'));
    expect(at('markScored', 'evt-1')).toBeLessThan(last('saveQualification', 'lead_a'));
    expect(at('saveQualification', 'lead_a')).toBeLessThan(at('markScored', 'evt-1'));
    expect(await store.getEvent('lead_b', 'evt-3')).toMatchObject({ scoredAt: NOW.toISOString() });
  });
});
