import type { Message } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import type { Store } from '../../../functions/app/ports/store.js';
import { CLOCK_SKEW_MS } from '../../../functions/app/score-job.js';
import { createScorer } from '../../../functions/workers/scorer.js';
import { NOW, aLeadRecord, aPlaybookInput, anEventRecord } from '../../helpers/factories.js';
import { aClock, lambdaContext, memoryDependencies, mockQueue, publishIn, recordingStore, storeLead, testConfig, type Clock } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';

const queue = mockQueue();

/** A job as SQS hands it over, sent at `sentAt`. */
const aJob = (leadId: string, eventId: string, sentAt: Date): Message => ({
  MessageId: `${leadId}-${eventId}`,
  ReceiptHandle: `receipt-${eventId}`,
  Body: JSON.stringify({ kind: 'event', id: eventId, leadId }),
  Attributes: { SentTimestamp: String(sentAt.getTime()) },
});

const methodsOf = (calls: { method: string }[]) => calls.map(({ method }) => method);

describe('the scorer on a batch (in-memory store)', () => {
  let store: MemoryStore;
  let clock: Clock;

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

  it('scores a lead once for jobs its scoring already counted, and still marks each job scored', async () => {
    // Prepare: both events were stored, and their jobs sent, before the first job's scoring read them.
    const recorded = recordingStore(store);
    const sent = new Date(NOW.getTime() - 10 * CLOCK_SKEW_MS);

    // Act
    const result = await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1', sent), aJob('lead_a', 'evt-2', sent)]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(methodsOf(recorded.calls).filter((method) => method === 'activity' || method === 'saveQualification')).toEqual(['activity', 'saveQualification']);
    expect(await store.getEvent('lead_a', 'evt-2')).toMatchObject({ scoredAt: NOW.toISOString() });
  });

  it('scores again for a job sent after the lead’s last scoring read its activity', async () => {
    // Prepare
    const recorded = recordingStore(store);
    const sent = new Date(NOW.getTime() + 10 * CLOCK_SKEW_MS);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1', sent), aJob('lead_a', 'evt-2', sent)]), lambdaContext('winnow-scorer'));

    // Assess
    expect(methodsOf(recorded.calls).filter((method) => method === 'saveQualification')).toHaveLength(2);
  });

  it('scores again, whenever the job was sent, once a new playbook version is published', async () => {
    // Prepare
    const sent = new Date(NOW.getTime() - 10 * CLOCK_SKEW_MS);
    await scorerOn(store)(sqsEvent([aJob('lead_a', 'evt-1', sent)]), lambdaContext('winnow-scorer'));
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-2', sent)]), lambdaContext('winnow-scorer'));

    // Assess
    expect(methodsOf(recorded.calls)).toContain('saveQualification');
    expect(await store.getLead('lead_a')).toMatchObject({ score: { playbookVersion: 2 } });
  });

  it('scores distinct leads of a batch at once, and one lead’s jobs one after another', async () => {
    // Prepare
    const recorded = recordingStore(store);
    const sent = new Date(NOW.getTime() + 10 * CLOCK_SKEW_MS);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aJob('lead_a', 'evt-1', sent), aJob('lead_a', 'evt-2', sent), aJob('lead_b', 'evt-3', sent)]), lambdaContext('winnow-scorer'));

    // Assess
    const at = (method: string, id: string) => recorded.calls.findIndex((call) => call.method === method && call.args.includes(id));
    expect(at('getEvent', 'evt-3')).toBeLessThan(at('markScored', 'evt-1'));
    expect(at('markScored', 'evt-1')).toBeLessThan(at('getEvent', 'evt-2'));
    expect(await store.getEvent('lead_b', 'evt-3')).toMatchObject({ scoredAt: NOW.toISOString() });
  });
});
