import type { Message } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import type { Mail } from '../../../functions/adapters/mailer.js';
import type { Store } from '../../../functions/app/ports/store.js';
import { SETTLE_MS, foldedEntry } from '../../../functions/app/tally-keys.js';
import { PlaybookSchema, reasonsOf, scoreLead } from '../../../functions/core/index.js';
import { createScorer } from '../../../functions/workers/scorer.js';
import { NOW, aLeadRecord, aPlaybookInput, anEventRecord } from '../../helpers/factories.js';
import { aClock, lambdaContext, memoryDependencies, mockQueue, publishIn, recordingStore, storeLead, testConfig, type Scorer } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';

const queue = mockQueue();

const aMessage = (id: string, body: unknown): Message => ({ MessageId: id, ReceiptHandle: `receipt-${id}`, Body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the scorer (in-memory store, mocked SQS)', () => {
  let store: MemoryStore;
  let mail: Mail[];

  const scorerOn = (on: Store): Scorer => {
    const clock = aClock();
    const deps = memoryDependencies(on, testConfig(), clock);
    return createScorer({
      store: deps.store,
      queue: deps.queue,
      mailer: {
        send: async (message) => {
          mail.push(message);
          return `message-${mail.length}`;
        },
      },
      now: clock.now,
      publicUrl: 'https://winnow.test',
      linkSecret: 's'.repeat(32),
    });
  };

  beforeEach(async () => {
    queue.reset();
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    mail = [];
  });

  it('reports a message that is not JSON in batchItemFailures, asking the store nothing', async () => {
    // Prepare
    const recorded = recordingStore(store);

    // Act
    const result = await scorerOn(recorded.store)(sqsEvent([aMessage('broken', '{"kind": "event", ')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'broken' }]);
    expect(recorded.calls).toEqual([]);
  });

  it('reports a message that is not a scoring job in batchItemFailures', async () => {
    // Act
    const result = await scorerOn(store)(sqsEvent([aMessage('odd', { kind: 'event', id: 'evt-1', leadId: 'lead_a', priority: 'high' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'odd' }]);
  });

  it('does nothing, and reports no failure, for a job whose event is gone', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const result = await scorerOn(store)(sqsEvent([aMessage('gone', { kind: 'event', id: 'evt-erased', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(store.snapshot()).toEqual(before);
  });

  it('writes the lead’s score with what it counts (its watermark and the event beyond it), and nothing on the event', async () => {
    // Prepare
    await store.putEvent(anEventRecord());
    await storeLead(store, aLeadRecord({ answers: { email: 'ada@example.com', company_size: '1-10' } }));

    // Act
    const result = await scorerOn(store)(sqsEvent([aMessage('job', { kind: 'event', id: 'evt-1', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await store.getLead('lead_a')).toMatchObject({ score: { fit: { points: 1, grade: 'D' }, playbookId: 'default', scoredAt: NOW.toISOString() } });
    expect(await store.getLead('lead_a')).toMatchObject({ score: { through: new Date(NOW.getTime() - SETTLE_MS).toISOString(), folded: [foldedEntry('e:lead_a/evt-1')] } });
    expect(await store.getEvent('lead_a', 'evt-1')).toEqual(anEventRecord());
    expect(mail).toEqual([]);
  });

  it('reads no history on a new lead’s first scoring: its watermark covers nothing, and its other items’ jobs are still to come', async () => {
    // Prepare: a lead stored now, with two events: the job's own and one whose job is still queued.
    await storeLead(store, aLeadRecord({ createdAt: NOW.toISOString() }));
    await store.putEvent(anEventRecord());
    await store.putEvent(anEventRecord({ eventId: 'evt-2', type: 'content_download' }));
    const recorded = recordingStore(store);
    const scorer = scorerOn(recorded.store);

    // Act
    await scorer(sqsEvent([aMessage('job', { kind: 'event', id: 'evt-1', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));
    const first = await store.getLead('lead_a');
    await scorer(sqsEvent([aMessage('job-2', { kind: 'event', id: 'evt-2', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess: the first scoring counts its own event only, its watermark covering nothing; the second job folds in its own.
    expect(recorded.calls.map(({ method }) => method)).not.toContain('activity');
    expect(first).toMatchObject({ score: { through: new Date(0).toISOString(), folded: [foldedEntry('e:lead_a/evt-1')], tally: { types: { pricing_view: { count: 1 } } } } });
    expect(await store.getLead('lead_a')).toMatchObject({ score: { folded: [foldedEntry('e:lead_a/evt-1'), foldedEntry('e:lead_a/evt-2')], tally: { types: { pricing_view: { count: 1 }, content_download: { count: 1 } } } } });
  });

  it('counts, on a new lead, an event captured minutes before the lead was stored whose job runs after the lead’s first scoring (a first try retried later)', async () => {
    // Prepare: the event stored five minutes ago by a first try that stopped before storing its lead; then the lead, stored now by another event.
    await store.putEvent(anEventRecord({ eventId: 'evt-retried', type: 'content_download', receivedAt: new Date(NOW.getTime() - 5 * 60_000).toISOString() }));
    await storeLead(store, aLeadRecord({ createdAt: NOW.toISOString() }));
    await store.putEvent(anEventRecord());
    const scorer = scorerOn(store);

    // Act: the new event's job first, then the retried event's.
    await scorer(sqsEvent([aMessage('job', { kind: 'event', id: 'evt-1', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));
    await scorer(sqsEvent([aMessage('retried', { kind: 'event', id: 'evt-retried', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(await store.getLead('lead_a')).toMatchObject({ score: { tally: { types: { pricing_view: { count: 1 }, content_download: { count: 1 } } } } });
  });

  it.each([
    ['stored long before the watermark', aLeadRecord()],
    ['stored now, with an alias whose events came first', aLeadRecord({ createdAt: NOW.toISOString(), mergedFrom: ['lead_b'] })],
  ])('reads the history of a lead %s on its first scoring, and counts an event whose job was lost', async (_, lead) => {
    // Prepare: an event captured five minutes ago (on the alias, when there is one), its job never run; then the job's own.
    const owner = lead.mergedFrom[0] ?? 'lead_a';
    await storeLead(store, lead);
    if (owner !== 'lead_a') await storeLead(store, aLeadRecord({ leadId: owner, mergedInto: 'lead_a' }));
    await store.putEvent(anEventRecord({ eventId: 'evt-lost', leadId: owner, type: 'content_download', receivedAt: new Date(NOW.getTime() - 5 * 60_000).toISOString() }));
    await store.putEvent(anEventRecord());
    const recorded = recordingStore(store);

    // Act
    await scorerOn(recorded.store)(sqsEvent([aMessage('job', { kind: 'event', id: 'evt-1', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(recorded.calls.map(({ method }) => method)).toContain('activity');
    expect(await store.getLead('lead_a')).toMatchObject({ score: { folded: [foldedEntry('e:lead_a/evt-1')], tally: { types: { pricing_view: { count: 1 }, content_download: { count: 1 } } } } });
  });

  it('keeps the score’s figures, not its reasons, which the answers and the kept tally give back exactly', async () => {
    // Prepare: events of every type the playbook weighs, days to weeks old, and some answers.
    const playbook = PlaybookSchema.parse(aPlaybookInput());
    const answers = { email: 'ada@example.com', company_size: '201+', role: 'decision_maker', budget: 60000 };
    const events = Object.keys(playbook.interest.events).flatMap((type, i) => [1, 9, 30].map((days) => ({ type, at: new Date(NOW.getTime() - (days + i) * 86_400_000).toISOString() })));
    for (const [i, event] of events.entries()) await store.putEvent(anEventRecord({ eventId: `evt-${i}`, ...event }));
    await storeLead(store, aLeadRecord({ answers }));

    // Act
    await scorerOn(store)(sqsEvent(events.map((_, i) => aMessage(`job-${i}`, { kind: 'event', id: `evt-${i}`, leadId: 'lead_a' }))), lambdaContext('winnow-scorer'));

    // Assess
    const found = await store.getLead('lead_a');
    const stored = found && 'score' in found ? found.score : undefined;
    if (!stored) throw new Error('not scored');
    const { fit, interest } = scoreLead(playbook, { answers, events }, NOW);
    expect([stored.fit, stored.interest]).toEqual([{ points: fit.points, grade: fit.grade }, { score: interest.score, band: interest.band }]);
    expect(interest.breakdown.length).toBeGreaterThan(1);
    expect(reasonsOf(playbook, answers, stored)).toEqual({ fit, interest });
  });
});
