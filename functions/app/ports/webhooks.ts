import * as z from '../../core/zod.js';
import { once } from '../../core/once.js';
import { WEBHOOK_DELIVERY_STATUSES, webhookEndpoint, webhookEventType, type AttemptResult, type WebhookEndpoint, type DeliveryProgress } from '../../core/webhooks.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).
// The stored endpoint and delivery are built by their builder's first call (functions/core/once.ts):
// a function's first webhook read or write, rather than every function's init.

/** An endpoint as stored, with the version its next save is conditioned on. */
export const storedWebhookEndpoint = /* @__PURE__ */ once(() => z.extend(webhookEndpoint(), { version: z.int().check(z.positive()) }));
export type StoredWebhookEndpoint = z.output<ReturnType<typeof storedWebhookEndpoint>>;

/**
 * One event to one endpoint, from its creation to delivered or failed: what the deliveries log
 * shows, and what a restart or a sweeper requeues while it is pending.
 */
export const webhookDelivery = /* @__PURE__ */ once(() => z.object({
  /** The webhook-id: the same on every attempt and redelivery, so receivers de-duplicate. */
  deliveryId: z.string().check(z.minLength(1)),
  endpointId: z.string().check(z.minLength(1)),
  /** The lead it is about; absent for `webhook.test`. */
  leadId: z.optional(z.string()),
  type: webhookEventType(),
  /** The JSON body exactly as signed and sent: a redelivery sends the same bytes. */
  body: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.int().check(z.nonnegative()),
  lastStatus: z.optional(z.int()),
  lastError: z.optional(z.string()),
  /** While pending: when the next attempt is due (the first one's: when it was created). */
  nextAttemptAt: z.optional(z.string()),
  deliveredAt: z.optional(z.string()),
  createdAt: z.string(),
  /** Set when its lead was erased: `body` is then emptied, and it is never sent again (GDPR). */
  redactedAt: z.optional(z.string()),
}));
export type WebhookDelivery = z.output<ReturnType<typeof webhookDelivery>>;

export interface WebhookDeliveryPage {
  deliveries: WebhookDelivery[];
  cursor?: string;
}

/**
 * Outbound webhooks' endpoints and their deliveries. Endpoints are few and read whole; the
 * deliveries of one endpoint are listed newest first, and the pending ones of every endpoint by
 * when they are due, each a page at a time.
 */
export interface WebhookStore {
  getWebhookEndpoint(id: string): Promise<StoredWebhookEndpoint | undefined>;
  /** Every endpoint, by id. */
  webhookEndpoints(): Promise<StoredWebhookEndpoint[]>;
  /**
   * Stores the endpoint over `expectedVersion` (undefined: none stored yet) and answers the new
   * version; throws ConflictError when another writer got there first.
   */
  saveWebhookEndpoint(endpoint: WebhookEndpoint, expectedVersion: number | undefined): Promise<number>;
  /**
   * Deletes the endpoint and its deliveries, the endpoint last, so a delete that stops half-way
   * is finished by the next; false when there was no endpoint.
   */
  deleteWebhookEndpoint(id: string): Promise<boolean>;

  /** Stores a new delivery; false, changing nothing, when one with its endpoint and id is stored. */
  createWebhookDelivery(delivery: WebhookDelivery): Promise<boolean>;
  getWebhookDelivery(endpointId: string, deliveryId: string): Promise<WebhookDelivery | undefined>;
  /** Deletes one delivery (nothing when there is none): one stored for an endpoint deleted meanwhile. */
  deleteWebhookDelivery(endpointId: string, deliveryId: string): Promise<void>;
  /**
   * Writes a delivery's standing after an attempt (or a redelivery) if it still has
   * `expectedAttempts` attempts, so two workers on one delivery never both record theirs;
   * false when it does not, or is not stored. What `progress` leaves out is cleared.
   */
  saveWebhookDeliveryProgress(endpointId: string, deliveryId: string, progress: DeliveryProgress, expectedAttempts: number): Promise<boolean>;
  /** An endpoint's deliveries, newest first. Throws InvalidCursorError on a cursor this list did not hand out. */
  webhookDeliveries(endpointId: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage>;
  /**
   * Pending deliveries of every endpoint whose next attempt is due at `until` or before, soonest
   * first: what a restart or a sweeper sends again. Throws InvalidCursorError as above.
   */
  dueWebhookDeliveries(until: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage>;
  /**
   * Empties the stored body of every delivery about these leads (but their `lead.erased`, which
   * names nothing but the id and a hash) and marks it redacted: a body holds the lead's email and
   * answers outside its partition, which an erase would otherwise leave behind. Answers how many.
   */
  redactWebhookDeliveries(leadIds: readonly string[], at: string): Promise<number>;
}

/** One delivery to attempt: what the webhook queue carries, never the body (which an erase may empty meanwhile). */
export const WebhookJob = /* @__PURE__ */ (() => z.strictObject({ endpointId: z.string().check(z.minLength(1), z.maxLength(200)), deliveryId: z.string().check(z.minLength(1), z.maxLength(200)) }))();
export type WebhookJob = z.output<typeof WebhookJob>;

/** The delivery worker's own queue. */
export interface WebhookQueue {
  /** Queues each job, to be received `delaySeconds` from now (SQS allows 900 at most; the sweeper sends what waits longer). */
  enqueueAll(jobs: readonly WebhookJob[], delaySeconds?: number): Promise<void>;
}

/**
 * Where webhooks may point (SPEC: `https` only; `http` to a loopback host under `npm start`; on
 * AWS no host resolving to a private address). Injected, so the use cases ask no DNS in a test.
 */
export interface WebhookUrlPolicy {
  /** `npm start`: `http` to a loopback host is accepted, and hosts are not resolved. */
  allowLoopbackHttp: boolean;
  /** Whether the host resolves to a private, loopback or link-local address (or to none); rejects when it cannot be resolved. */
  resolvesToPrivate(host: string): Promise<boolean>;
}

/** One attempt as the sender makes it (adapters/webhook-sender.ts `deliver`): signed at `timestamp` with every secret given. */
export interface WebhookMessage {
  id: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}

/** POSTs one attempt and says how it went; never throws for the receiver's or the network's failures. */
export type WebhookSender = (endpointUrl: string, message: WebhookMessage) => Promise<AttemptResult>;
