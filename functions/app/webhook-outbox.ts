import { createHash } from 'node:crypto';
import { answersOf, type Effect, type LeadRecord, type Reasons } from '../core/index.js';
import { leadErasedData, receives, webhookBody, webhookEventFor, type WebhookEndpoint, type WebhookEventType } from '../core/webhooks.js';
import { logger } from './logger.js';
import type { Store } from './ports/store.js';
import type { WebhookDelivery, WebhookJob, WebhookQueue } from './ports/webhooks.js';

/*
 * From a stored change to pending deliveries: one per endpoint that receives the event, each with
 * an id derived from what it is about, so carrying the same event out again (a retried job, a
 * crash before the outbox was settled) finds its deliveries made and makes none twice.
 */

export interface WebhookOutboxDependencies {
  store: Pick<Store, 'webhookEndpoints' | 'createWebhookDelivery' | 'getWebhookDelivery'>;
  now: () => Date;
  /** Absent: the deliveries wait, due, on the table's list for the sweeper. */
  webhookQueue?: WebhookQueue;
}

/** The webhook-id of one event to one endpoint: Standard Webhooks' `msg_` and a hash of the lead, the event and the endpoint. */
export const deliveryIdOf = (leadId: string, eventKey: string, endpointId: string): string =>
  `msg_${createHash('sha256').update(`${leadId}\n${eventKey}\n${endpointId}`).digest('base64url').slice(0, 27)}`;

interface Event {
  type: WebhookEventType;
  leadId?: string;
  /** The body as it will be signed and sent, on every attempt. */
  body: string;
  /** The delivery id for an endpoint. */
  idFor: (endpointId: string) => string;
}

/**
 * Stores a pending delivery of `event` for each endpoint that receives it, due now, and queues
 * those nobody has tried yet (a repeat queues an untried one again: the worker's claim makes a
 * second message harmless). Answers the jobs queued.
 */
export const queueWebhookEvent = async (deps: WebhookOutboxDependencies, event: Event, endpointIds?: readonly string[]): Promise<WebhookJob[]> => {
  const endpoints = (await deps.store.webhookEndpoints()).filter((endpoint) => (endpointIds ? endpointIds.includes(endpoint.id) : receives(endpoint, event.type)));
  return (await queueWebhookEventTo(deps, event, endpoints)).map(({ endpointId, deliveryId }) => ({ endpointId, deliveryId }));
};

/**
 * `queueWebhookEvent` to endpoints the caller has read already. Answers the deliveries queued, as
 * stored: a new one as made here, one stored before (pending, untried) as read back.
 */
export const queueWebhookEventTo = async (
  deps: Omit<WebhookOutboxDependencies, 'store'> & { store: Pick<Store, 'createWebhookDelivery' | 'getWebhookDelivery'> },
  event: Event,
  endpoints: readonly Pick<WebhookEndpoint, 'id'>[],
): Promise<WebhookDelivery[]> => {
  const now = deps.now().toISOString();
  const queued: WebhookDelivery[] = [];
  for (const endpoint of endpoints) {
    const delivery: WebhookDelivery = {
      deliveryId: event.idFor(endpoint.id),
      endpointId: endpoint.id,
      ...(event.leadId === undefined ? {} : { leadId: event.leadId }),
      type: event.type,
      body: event.body,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
    if (await deps.store.createWebhookDelivery(delivery)) {
      queued.push(delivery);
      continue;
    }
    const stored = await deps.store.getWebhookDelivery(endpoint.id, delivery.deliveryId);
    if (stored?.status === 'pending' && stored.attempts === 0) queued.push(stored);
  }
  await queueJobs(
    deps,
    queued.map(({ endpointId, deliveryId }) => ({ endpointId, deliveryId })),
  );
  return queued;
};

/** Queued now; a failed send is no loss, as the deliveries are stored due and the sweeper sends them. */
export const queueJobs = async ({ webhookQueue }: Pick<WebhookOutboxDependencies, 'webhookQueue'>, jobs: readonly WebhookJob[], delaySeconds = 0): Promise<void> => {
  if (!webhookQueue || jobs.length === 0) return;
  await webhookQueue.enqueueAll(jobs, delaySeconds).catch((error: unknown) =>
    logger.warn('queueing webhook deliveries failed; the sweeper sends them when due', { deliveries: jobs.length, error: (error as Error).message }),
  );
};

/** A lead as its `webhook` effect describes it: its answers now, and its scores with their reasons. */
export interface WebhookSource {
  lead: LeadRecord;
  reasons?: Reasons | undefined;
}

/** Carries out a lifecycle's `webhook` effect: its deliveries stored and queued. */
export const carryOutWebhook = async (deps: WebhookOutboxDependencies, { lead, reasons }: WebhookSource, effect: Extract<Effect, { kind: 'webhook' }>): Promise<void> => {
  if (!reasons) {
    // Every lead with a lifecycle was scored first: none to describe is a bug, logged, not retried for ever.
    logger.error('a webhook event of a lead with no score was dropped', { leadId: lead.leadId, event: effect.key });
    return;
  }
  const body = JSON.stringify(webhookEventFor(effect.event, { leadId: lead.leadId, answers: answersOf(lead), fit: reasons.fit, interest: reasons.interest }));
  await queueWebhookEvent(deps, { type: effect.event.type, leadId: lead.leadId, body, idFor: (endpointId) => deliveryIdOf(lead.leadId, effect.key, endpointId) });
};

/** The lowercased, trimmed email's SHA-256 in hex: `lead.erased` names the person without their address. */
export const emailSha256 = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** `lead.erased`, with the lead's id and the SHA-256 of its email only, to every endpoint that receives it. */
export const queueLeadErased = async (deps: WebhookOutboxDependencies, leadId: string, emailSha256: string | undefined): Promise<void> => {
  const body = JSON.stringify(webhookBody('lead.erased', deps.now().toISOString(), leadErasedData(leadId, emailSha256)));
  await queueWebhookEvent(deps, { type: 'lead.erased', leadId, body, idFor: (endpointId) => deliveryIdOf(leadId, 'lead.erased', endpointId) });
};
