import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { carryOutEffects, carryOutStoreEffects } from '../../../functions/app/carry-out.js';
import { eraseLead } from '../../../functions/app/gdpr.js';
import type { WebhookJob, WebhookMessage, WebhookQueue } from '../../../functions/app/ports/webhooks.js';
import { CLAIM_SECONDS, attemptDelivery, sweepDueDeliveries, type WebhookDeliveryDependencies } from '../../../functions/app/webhook-delivery.js';
import { carryOutWebhook, deliveryIdOf, emailSha256 } from '../../../functions/app/webhook-outbox.js';
import { redeliver, sendTestDelivery } from '../../../functions/app/webhooks.js';
import { advance, reasonsOf, storedStep, type Effect, type Lifecycle } from '../../../functions/core/index.js';
import { WEBHOOK_ATTEMPT_DELAYS_MS, type AttemptResult } from '../../../functions/core/webhooks.js';
import { NOW, aLeadRecord, aLifecycle, aPlaybook, aSalesScoring, aStoredScore, aWebhookDelivery, aWebhookEndpoint, exampleTeams, gradeAAnswers } from '../../helpers/factories.js';
import { aClock, type Clock } from '../../helpers/http.js';

type WebhookEffect = Extract<Effect, { kind: 'webhook' }>;

/** A queue that keeps what it was given, with each send's delay. */
const aRecordingQueue = () => {
  const sent: { job: WebhookJob; delaySeconds: number }[] = [];
  const queue: WebhookQueue = {
    enqueueAll: async (jobs, delaySeconds = 0) => {
      sent.push(...jobs.map((job) => ({ job, delaySeconds })));
    },
  };
  return { queue, sent };
};

/** A receiver that answers each attempt with the next of `answers` (the last one for ever), recording what it got. */
const aReceiver = (...answers: AttemptResult[]) => {
  const got: { url: string; message: WebhookMessage }[] = [];
  const send = async (url: string, message: WebhookMessage): Promise<AttemptResult> => {
    got.push({ url, message });
    return answers[Math.min(got.length - 1, answers.length - 1)] ?? { ok: true, status: 200 };
  };
  return { send, got };
};

const aWorld = ({ answers = [{ ok: true, status: 200 }] as AttemptResult[], store = createMemoryStore() }: { answers?: AttemptResult[]; store?: MemoryStore } = {}) => {
  const clock: Clock = aClock();
  const { queue, sent } = aRecordingQueue();
  const receiver = aReceiver(...answers);
  const mail: { to: string[]; subject: string; text: string }[] = [];
  const deps: WebhookDeliveryDependencies = {
    store,
    now: clock.now,
    send: receiver.send,
    webhookQueue: queue,
    mailer: {
      send: async (message) => {
        mail.push(message);
        return `m${mail.length}`;
      },
    },
    alarmEmails: ['ops@example.com'],
  };
  return { deps, store, clock, sent, receiver, mail };
};

/** A grade-A lead that just qualified (no team): its stored lifecycle and the webhook effect it owes. */
const aQualification = (): { lifecycle: Lifecycle; effect: WebhookEffect } => {
  const before = aLifecycle();
  const step = advance(before, aSalesScoring(), aPlaybook());
  if (!step.ok) throw new Error(step.message);
  const lifecycle = storedStep(before, step);
  const effect = lifecycle.outbox?.find((owed): owed is WebhookEffect => owed.kind === 'webhook');
  if (!effect) throw new Error(`no webhook effect in ${JSON.stringify(lifecycle.outbox)}`);
  return { lifecycle, effect };
};

const qualifiedLead = () => {
  const score = aStoredScore({ fit: 12, interest: 20 });
  return { lead: aLeadRecord({ answers: gradeAAnswers() }), score, reasons: reasonsOf(aPlaybook(), gradeAAnswers(), score) };
};

describe('the outbox: a lifecycle change owes its webhook events in the same write', () => {
  it('a qualification stores a lead.qualified webhook effect with the change, keyed by type and cycle', () => {
    // Act
    const { lifecycle, effect } = aQualification();

    // Assess
    expect(lifecycle.stage).toBe('MQL');
    expect(effect).toMatchObject({ kind: 'webhook', cycle: 1, key: 'lead.qualified/1', event: { type: 'lead.qualified', cycle: 1, handRaiser: false } });
  });

  it('a lifecycle that does not change owes no webhook', () => {
    // Prepare
    const before = aLifecycle();
    const step = advance(before, { ...aSalesScoring(), owner: 'marketing' }, aPlaybook());
    if (!step.ok) throw new Error(step.message);

    // Act
    const stored = storedStep(before, step);

    // Assess
    expect((stored.outbox ?? []).filter((effect) => effect.kind === 'webhook')).toEqual([]);
  });
});

describe('carrying out a webhook effect', () => {
  it('creates one pending delivery per enabled endpoint subscribed to the event, with an id from lead, event and endpoint, and queues each', async () => {
    // Prepare
    const { deps, store, sent } = aWorld();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ id: 'hubspot', events: ['lead.qualified'] }), undefined);
    await store.saveWebhookEndpoint(aWebhookEndpoint({ id: 'zapier', events: ['lead.qualified'], enabled: false }), undefined);
    await store.saveWebhookEndpoint(aWebhookEndpoint({ id: 'salesforce', events: ['lead.converted'] }), undefined);
    const { effect } = aQualification();

    // Act
    await carryOutWebhook(deps, qualifiedLead(), effect);

    // Assess
    const id = deliveryIdOf('lead_a', 'lead.qualified/1', 'hubspot');
    expect(sent).toEqual([{ job: { endpointId: 'hubspot', deliveryId: id }, delaySeconds: 0 }]);
    const delivery = await store.getWebhookDelivery('hubspot', id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0, type: 'lead.qualified', leadId: 'lead_a', nextAttemptAt: NOW.toISOString() });
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ type: 'lead.qualified', data: { leadId: 'lead_a', email: 'ada@example.com', cycle: 1, grade: 'A' } });
    expect((await store.webhookDeliveries('zapier', 10)).deliveries).toEqual([]);
    expect((await store.webhookDeliveries('salesforce', 10)).deliveries).toEqual([]);
  });

  it('carried out again (a retried job), creates no second delivery and leaves a tried one alone', async () => {
    // Prepare
    const { deps, store, sent } = aWorld();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.qualified'] }), undefined);
    const { effect } = aQualification();
    await carryOutWebhook(deps, qualifiedLead(), effect);
    const [first] = sent.splice(0);
    if (!first) throw new Error('nothing queued');
    await attemptDelivery(deps, first.job);
    sent.splice(0);

    // Act
    await carryOutWebhook(deps, qualifiedLead(), effect);

    // Assess
    expect((await store.webhookDeliveries('hubspot', 10)).deliveries).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it('the admin API’s feedback carries out its webhook effects with the store effects', async () => {
    // Prepare
    const { deps, store, sent } = aWorld();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.accepted'] }), undefined);
    const mql = aLifecycle({ stage: 'MQL', history: [{ from: 'lead', to: 'MQL', why: 'grid', at: NOW.toISOString(), cycle: 1 }] });
    const step = advance(mql, { kind: 'feedback', decision: 'accept', now: NOW }, aPlaybook());
    if (!step.ok) throw new Error(step.message);
    const lifecycle = storedStep(mql, step);
    const { lead, score } = qualifiedLead();
    await store.saveLead(lead, undefined);
    await store.saveQualification(lead.leadId, { lifecycle, score }, undefined);

    // Act
    await carryOutStoreEffects(store, { lead, score }, { lifecycle, lifecycleVersion: 1 }, { now: deps.now, playbook: aPlaybook(), webhookQueue: deps.webhookQueue ?? aRecordingQueue().queue });

    // Assess
    expect(sent.map(({ job }) => job)).toEqual([{ endpointId: 'hubspot', deliveryId: deliveryIdOf('lead_a', 'lead.accepted/1', 'hubspot') }]);
    const stored = await store.getLead('lead_a');
    expect(stored && 'lifecycle' in stored ? (stored.lifecycle?.outbox ?? []).filter((effect) => effect.kind === 'webhook') : 'gone').toEqual([]);
  });
});

describe('carrying out a lead’s effects', () => {
  it('reads the endpoints once for all the webhook events one run queues, and queues each', async () => {
    // Prepare: a qualification whose lead.qualified is still owed when sales accepts it.
    const { deps, store, sent } = aWorld();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.qualified', 'lead.accepted'] }), undefined);
    const { lifecycle: qualified } = aQualification();
    const step = advance(qualified, { kind: 'feedback', decision: 'accept', now: NOW }, aPlaybook());
    if (!step.ok) throw new Error(step.message);
    const lifecycle = storedStep(qualified, step);
    const { lead, score } = qualifiedLead();
    await store.saveLead(lead, undefined);
    await store.saveQualification(lead.leadId, { lifecycle, score }, undefined);
    const counted = Object.create(store) as MemoryStore;
    let reads = 0;
    counted.webhookEndpoints = () => ((reads += 1), store.webhookEndpoints());

    // Act
    const carried = await carryOutEffects({ ...deps, store: counted, publicUrl: 'https://winnow.test' }, { lead, score, lifecycle, lifecycleVersion: 1 }, aPlaybook(), { kinds: ['webhook'] });

    // Assess
    expect(carried).toBe(2);
    expect(reads).toBe(1);
    expect(sent.map(({ job }) => job.deliveryId)).toEqual([deliveryIdOf('lead_a', 'lead.qualified/1', 'hubspot'), deliveryIdOf('lead_a', 'lead.accepted/1', 'hubspot')]);
  });
});

describe('attemptDelivery', () => {
  const aPendingDelivery = async (world: ReturnType<typeof aWorld>) => {
    await world.store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.qualified'] }), undefined);
    await carryOutWebhook(world.deps, qualifiedLead(), aQualification().effect);
    const [first] = world.sent.splice(0);
    if (!first) throw new Error('nothing queued');
    return first.job;
  };

  it('a receiver that answers 500 then 200: one delivery, two attempts, one webhook-id, the retry queued 5 s later', async () => {
    // Prepare
    const world = aWorld({ answers: [{ ok: false, status: 500, error: 'answered 500' }, { ok: true, status: 200 }] });
    const job = await aPendingDelivery(world);

    // Act
    const first = await attemptDelivery(world.deps, job);
    const retry = world.sent.splice(0);
    world.clock.advance(5_000);
    const second = await attemptDelivery(world.deps, job);

    // Assess
    expect([first, second]).toEqual(['retrying', 'delivered']);
    expect(retry).toEqual([{ job, delaySeconds: 5 }]);
    expect(world.receiver.got.map(({ message }) => message.id)).toEqual([job.deliveryId, job.deliveryId]);
    expect(await world.store.getWebhookDelivery(job.endpointId, job.deliveryId)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatus: 200,
      deliveredAt: new Date(NOW.getTime() + 5_000).toISOString(),
    });
  });

  it('never sends a delivered delivery again, however often its message comes back', async () => {
    // Prepare
    const world = aWorld();
    const job = await aPendingDelivery(world);
    await attemptDelivery(world.deps, job);

    // Act
    const again = await attemptDelivery(world.deps, job);

    // Assess
    expect(again).toBe('skipped');
    expect(world.receiver.got).toHaveLength(1);
  });

  it('a second message for an attempt another worker holds is skipped: the claim sends it once', async () => {
    // Prepare: the receiver hangs until released, so the first attempt is in flight when the second message comes.
    const world = aWorld();
    const job = await aPendingDelivery(world);
    let release: () => void = () => undefined;
    world.deps.send = (url, message) =>
      new Promise((resolve) => {
        world.receiver.got.push({ url, message });
        release = () => resolve({ ok: true, status: 204 });
      });

    // Act
    const inFlight = attemptDelivery(world.deps, job);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const duplicate = await attemptDelivery(world.deps, job);
    release();

    // Assess
    expect(duplicate).toBe('skipped');
    expect(await inFlight).toBe('delivered');
    expect(world.receiver.got).toHaveLength(1);
  });

  it('a delivery stored for an endpoint deleted meanwhile is never sent, never swept again, and gone with its lead’s data', async () => {
    // Prepare: the endpoint's DELETE lands after the outbox read the endpoints (up to 5 s before, in a scorer), before it stored the delivery.
    const world = aWorld();
    await world.store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    await world.store.createWebhookDelivery(aWebhookDelivery({ endpointId: 'gone', deliveryId: 'msg_orphan' }));
    const job = { endpointId: 'gone', deliveryId: 'msg_orphan' };

    // Act
    const outcome = await attemptDelivery(world.deps, job);
    const { queue, sent } = aRecordingQueue();
    const swept = await sweepDueDeliveries({ ...world.deps, webhookQueue: queue });

    // Assess
    expect(outcome).toBe('skipped');
    expect(world.receiver.got).toEqual([]);
    expect([swept, sent]).toEqual([0, []]);
    expect(await world.store.getWebhookDelivery('gone', 'msg_orphan')).toBeUndefined();
  });

  it('a worker that died mid-attempt leaves the delivery due again once its claim ends', async () => {
    // Prepare
    const world = aWorld();
    const job = await aPendingDelivery(world);
    world.deps.send = () => new Promise(() => undefined);
    void attemptDelivery(world.deps, job);
    await new Promise((resolve) => setTimeout(resolve, 0));
    world.deps.send = aReceiver({ ok: true, status: 200 }).send;

    // Act
    const before = await sweepDueDeliveries({ ...world.deps, webhookQueue: aRecordingQueue().queue });
    world.clock.advance(CLAIM_SECONDS * 1000);
    const { queue, sent } = aRecordingQueue();
    const after = await sweepDueDeliveries({ ...world.deps, webhookQueue: queue });

    // Assess
    expect([before, after]).toEqual([0, 1]);
    expect(sent.map((entry) => entry.job)).toEqual([job]);
    expect(await attemptDelivery(world.deps, job)).toBe('delivered');
  });

  it('follows the SPEC schedule and is failed after the eighth attempt; retries beyond 15 min wait for the sweeper', async () => {
    // Prepare
    const world = aWorld({ answers: [{ ok: false, error: 'no answer within 10000 ms' }] });
    const job = await aPendingDelivery(world);
    const outcomes: string[] = [];

    // Act
    for (const delay of WEBHOOK_ATTEMPT_DELAYS_MS) {
      world.clock.advance(delay);
      outcomes.push(await attemptDelivery(world.deps, job));
    }

    // Assess
    expect(outcomes).toEqual([...Array<string>(7).fill('retrying'), 'failed']);
    expect(world.sent.map(({ delaySeconds }) => delaySeconds)).toEqual([5, 300]);
    const delivery = await world.store.getWebhookDelivery(job.endpointId, job.deliveryId);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, lastError: 'no answer within 10000 ms' });
    expect(delivery?.nextAttemptAt).toBeUndefined();
  });

  it('signs each attempt at its own time with every live secret: both verify during a rotation', async () => {
    // Prepare
    const world = aWorld();
    const job = await aPendingDelivery(world);
    const old = aWebhookEndpoint().secrets[0]?.secret ?? '';
    const newer = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;
    const stored = await world.store.getWebhookEndpoint('hubspot');
    if (!stored) throw new Error('no endpoint');
    const { version, ...endpoint } = stored;
    await world.store.saveWebhookEndpoint(
      { ...endpoint, secrets: [{ secret: newer, createdAt: NOW.toISOString() }, { secret: old, createdAt: NOW.toISOString(), expiresAt: new Date(NOW.getTime() + 86_400_000).toISOString() }] },
      version,
    );

    // Act
    await attemptDelivery(world.deps, job);

    // Assess
    const [sentMessage] = world.receiver.got;
    expect(sentMessage?.message.secrets).toEqual([newer, old]);
    expect(sentMessage?.message.timestamp).toEqual(NOW);
  });

  it('disables an endpoint that failed every attempt for 5 days, and tells the teams’ fallback and the alarm recipients once', async () => {
    // Prepare
    const world = aWorld({ answers: [{ ok: false, status: 503, error: 'answered 503' }] });
    const job = await aPendingDelivery(world);
    const team = exampleTeams()[0]?.document;
    if (!team) throw new Error('no example team');
    await world.store.publishDocument({ kind: 'team', id: team.id, version: 1, publishedAt: NOW.toISOString(), document: { ...team, fallback: ['lead@example.com'] } });
    await attemptDelivery(world.deps, job);
    world.clock.advance(5 * 86_400_000);
    const earlier = await world.store.getWebhookDelivery(job.endpointId, job.deliveryId);
    if (!earlier) throw new Error('the first delivery is not stored');
    await world.store.createWebhookDelivery({ ...earlier, deliveryId: 'msg_later', status: 'pending', attempts: 0, nextAttemptAt: world.clock.now().toISOString() });

    // Act
    await attemptDelivery(world.deps, { endpointId: 'hubspot', deliveryId: 'msg_later' });
    world.clock.advance(5_000);
    await attemptDelivery(world.deps, { endpointId: 'hubspot', deliveryId: 'msg_later' });

    // Assess
    const endpoint = await world.store.getWebhookEndpoint('hubspot');
    expect(endpoint).toMatchObject({ enabled: false, failingSince: NOW.toISOString(), disabledAt: new Date(NOW.getTime() + 5 * 86_400_000).toISOString() });
    expect(world.mail).toHaveLength(1);
    expect(world.mail[0]?.to).toEqual(['lead@example.com', 'ops@example.com']);
    expect(world.mail[0]?.subject).toContain('hubspot');
    expect(await world.store.getWebhookDelivery('hubspot', 'msg_later')).toMatchObject({ status: 'failed', lastError: 'the endpoint is disabled: enable it, then redeliver' });
    expect(world.receiver.got).toHaveLength(2);
  });
});

describe('emailSha256', () => {
  it('hashes the lowercased, trimmed email as hex SHA-256', () => {
    // Act & Assess
    expect(emailSha256('  Ada@Example.COM ')).toBe('b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72');
  });
});

describe('GDPR erase and webhooks', () => {
  it('queues lead.erased with the id and the SHA-256 of the email only, and empties the lead’s other delivery bodies, which are never sent again', async () => {
    // Prepare
    const world = aWorld();
    await world.store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.qualified', 'lead.erased'] }), undefined);
    const { lead, reasons } = qualifiedLead();
    await world.store.saveLead(lead, undefined);
    await carryOutWebhook(world.deps, { lead, reasons }, aQualification().effect);
    const [qualified] = world.sent.splice(0);
    if (!qualified) throw new Error('nothing queued');

    // Act
    await eraseLead({ store: world.store, now: world.deps.now, webhookQueue: world.deps.webhookQueue ?? aRecordingQueue().queue }, 'lead_a');

    // Assess
    const erasedId = deliveryIdOf('lead_a', 'lead.erased', 'hubspot');
    const erased = await world.store.getWebhookDelivery('hubspot', erasedId);
    const hash = createHash('sha256').update('ada@example.com').digest('hex');
    expect(JSON.parse(erased?.body ?? '{}')).toEqual({ type: 'lead.erased', timestamp: NOW.toISOString(), data: { leadId: 'lead_a', emailSha256: hash } });
    const redacted = await world.store.getWebhookDelivery('hubspot', qualified.job.deliveryId);
    expect(redacted).toMatchObject({ body: '', redactedAt: NOW.toISOString() });
    expect(JSON.stringify(await world.store.webhookDeliveries('hubspot', 10))).not.toContain('ada@example.com');
    expect(await attemptDelivery(world.deps, qualified.job)).toBe('failed');
    expect(await attemptDelivery(world.deps, { endpointId: 'hubspot', deliveryId: erasedId })).toBe('delivered');
    expect(world.receiver.got.map(({ message }) => message.id)).toEqual([erasedId]);
  });
});

describe('the admin API’s test and redelivery', () => {
  const adminDeps = (world: ReturnType<typeof aWorld>) => ({ store: world.store, now: world.deps.now, randomBytes: (size: number) => new Uint8Array(size).fill(7), webhookQueue: world.deps.webhookQueue ?? aRecordingQueue().queue });

  it('a test delivery is queued even to a disabled endpoint, and signed with its secret', async () => {
    // Prepare
    const world = aWorld();
    await world.store.saveWebhookEndpoint(aWebhookEndpoint({ enabled: false }), undefined);

    // Act
    const view = await sendTestDelivery(adminDeps(world), 'hubspot');
    const outcome = await attemptDelivery(world.deps, { endpointId: 'hubspot', deliveryId: view.id });

    // Assess
    expect(view).toMatchObject({ type: 'webhook.test', status: 'pending', attempts: 0 });
    expect(outcome).toBe('delivered');
    const body = world.receiver.got[0]?.message.body ?? '';
    expect(JSON.parse(body)).toMatchObject({ type: 'webhook.test', data: { endpointId: 'hubspot' } });
    expect(world.receiver.got[0]?.message.secrets).toEqual([aWebhookEndpoint().secrets[0]?.secret]);
  });

  it('a failed delivery redelivered starts the schedule afresh with the same webhook-id and body', async () => {
    // Prepare
    const world = aWorld({ answers: [{ ok: false, status: 500 }] });
    await world.store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    await world.store.createWebhookDelivery({
      deliveryId: 'msg_x', endpointId: 'hubspot', leadId: 'lead_a', type: 'lead.qualified', body: '{"type":"lead.qualified"}', status: 'failed', attempts: 8, lastStatus: 500, createdAt: NOW.toISOString(),
    });
    world.deps.send = aReceiver({ ok: true, status: 200 }).send;

    // Act
    const view = await redeliver(adminDeps(world), 'hubspot', 'msg_x');
    const outcome = await attemptDelivery(world.deps, { endpointId: 'hubspot', deliveryId: 'msg_x' });

    // Assess
    expect(view).toMatchObject({ id: 'msg_x', status: 'pending', attempts: 0, nextAttemptAt: NOW.toISOString() });
    expect(world.sent.map(({ job }) => job)).toEqual([{ endpointId: 'hubspot', deliveryId: 'msg_x' }]);
    expect(outcome).toBe('delivered');
  });

  /** The store, counting the reads each method makes: what a route costs in DynamoDB calls. */
  const countingReads = (store: MemoryStore) => {
    const reads: Record<string, number> = {};
    const counted = new Proxy(store, {
      get: (target, name, receiver) => {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function' || typeof name !== 'string' || !/^(get|webhook)/.test(name)) return value;
        return (...args: unknown[]) => {
          reads[name] = (reads[name] ?? 0) + 1;
          return (value as (...given: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { counted, reads };
  };

  it('a test delivery reads its endpoint once and answers the delivery it stored without reading it back', async () => {
    // Prepare
    const world = aWorld();
    await world.store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    const { counted, reads } = countingReads(world.store);

    // Act
    const view = await sendTestDelivery({ ...adminDeps(world), store: counted }, 'hubspot');

    // Assess
    expect(view).toEqual({ id: view.id, type: 'webhook.test', status: 'pending', attempts: 0, nextAttemptAt: NOW.toISOString(), createdAt: NOW.toISOString() });
    expect(await world.store.getWebhookDelivery('hubspot', view.id)).toMatchObject({ type: 'webhook.test', status: 'pending' });
    expect(reads).toEqual({ getWebhookEndpoint: 1 });
  });

  it('a redelivery reads its endpoint and its delivery once each, and answers the delivery as saved', async () => {
    // Prepare
    const world = aWorld();
    await world.store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    await world.store.createWebhookDelivery({
      deliveryId: 'msg_x', endpointId: 'hubspot', leadId: 'lead_a', type: 'lead.qualified', body: '{"type":"lead.qualified"}', status: 'delivered', attempts: 2, lastStatus: 200, deliveredAt: NOW.toISOString(), createdAt: NOW.toISOString(),
    });
    const { counted, reads } = countingReads(world.store);

    // Act
    const view = await redeliver({ ...adminDeps(world), store: counted }, 'hubspot', 'msg_x');

    // Assess
    const { deliveryId, endpointId: _endpointId, body: _body, ...saved } = (await world.store.getWebhookDelivery('hubspot', 'msg_x')) ?? { deliveryId: 'none' };
    expect(view).toEqual({ id: deliveryId, ...saved });
    expect(view).toEqual({ id: 'msg_x', leadId: 'lead_a', type: 'lead.qualified', status: 'pending', attempts: 0, lastStatus: 200, nextAttemptAt: NOW.toISOString(), createdAt: NOW.toISOString() });
    expect(reads).toEqual({ getWebhookEndpoint: 1, getWebhookDelivery: 1 });
  });

  it('an unknown delivery is a NotFoundError', async () => {
    // Prepare
    const world = aWorld();
    await world.store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);

    // Act / Assess
    await expect(redeliver(adminDeps(world), 'hubspot', 'msg_nope')).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
