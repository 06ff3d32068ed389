import {
  WEBHOOK_SECRET_BYTES,
  checkWebhookUrl,
  endpointWithSettings,
  newEndpoint,
  newSecret,
  rotateSecret,
  webhookBody,
  webhookTestData,
  type DeliveryProgress,
  type EndpointSettings,
  type WebhookEndpoint,
} from '../core/webhooks.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError, NotFoundError, StateConflictError } from './errors.js';
import { ConflictError, InvalidCursorError } from './ports/errors.js';
import type { Store, StoredWebhookEndpoint, WebhookDelivery } from './ports/store.js';
import { retryOnConflict } from './retry.js';
import { queueJobs, queueWebhookEventTo, type WebhookOutboxDependencies } from './webhook-outbox.js';

/*
 * Webhook endpoints as the admin API manages them (SPEC "Webhooks (CRM sync)"), and their
 * deliveries log. A secret is answered twice at most: by the PUT that creates the endpoint and
 * by a rotation. Nothing else ever shows one.
 */

export type WebhookDependencies = Pick<AppDependencies, 'store' | 'now' | 'randomBytes' | 'webhookUrls'>;

/** A save that lost its race reads again and retries this often: the worker may be recording a failure on the endpoint meanwhile. */
const SAVE_ATTEMPTS = 3;

/** An endpoint as the admin API shows it. */
export type EndpointView = Omit<WebhookEndpoint, 'secrets'>;

const viewOf = (endpoint: WebhookEndpoint & { version?: number }): EndpointView => {
  const { secrets: _secrets, version: _version, ...shown } = endpoint;
  return shown;
};

const notFound = (id: string): NotFoundError => new NotFoundError(`no webhook endpoint "${id}"`);

const stored = async (store: Pick<Store, 'getWebhookEndpoint'>, id: string): Promise<StoredWebhookEndpoint> => {
  const found = await store.getWebhookEndpoint(id);
  if (!found) throw notFound(id);
  return found;
};

const refusedUrl = (message: string, options?: ErrorOptions): InvalidRequestError =>
  new InvalidRequestError('this url may not receive webhooks', [{ path: 'url', message }], options);

/**
 * SPEC: `https`, or `http` to a loopback host under `npm start`; on AWS, a host resolving to a
 * private, loopback or link-local address is refused (the sender checks again before each attempt,
 * as DNS answers change). Under `npm start` a loopback receiver is the point, so nothing is resolved.
 */
const checkUrl = async ({ webhookUrls }: Pick<WebhookDependencies, 'webhookUrls'>, url: string): Promise<void> => {
  const checked = checkWebhookUrl(url, { allowLoopbackHttp: webhookUrls.allowLoopbackHttp });
  if (!checked.ok) throw refusedUrl(checked.reason);
  if (webhookUrls.allowLoopbackHttp) return;
  const host = checked.url.hostname;
  let isPrivate: boolean;
  try {
    isPrivate = await webhookUrls.resolvesToPrivate(host);
  } catch (error) {
    throw refusedUrl(`its host ${host} cannot be resolved`, { cause: error });
  }
  if (isPrivate) throw refusedUrl(`its host ${host} resolves to a private, loopback or link-local address`);
};

/** Retried saves that kept losing: a 409 to send again, never a 500. */
const busy = (id: string) => (error: unknown) => {
  if (error instanceof ConflictError) throw new StateConflictError(`webhook endpoint ${id} changed while it was being saved; send the request again`, { cause: error });
  throw error;
};

export interface SavedEndpoint extends EndpointView {
  /** Only when this PUT created the endpoint. */
  secret?: string;
}

/**
 * Creates the endpoint with a new secret, answered this once, or changes an existing one's
 * settings, keeping its secrets and never answering them.
 */
export const putEndpoint = async (deps: WebhookDependencies, id: string, settings: EndpointSettings): Promise<SavedEndpoint> => {
  await checkUrl(deps, settings.url);
  return retryOnConflict(
    async () => {
      const found = await deps.store.getWebhookEndpoint(id);
      if (found) {
        const { version, ...current } = found;
        const updated = endpointWithSettings(current, settings);
        await deps.store.saveWebhookEndpoint(updated, version);
        return viewOf(updated);
      }
      const secret = newSecret(deps.randomBytes(WEBHOOK_SECRET_BYTES));
      const created = newEndpoint(id, settings, secret, deps.now());
      try {
        await deps.store.saveWebhookEndpoint(created, undefined);
      } catch (error) {
        // Not retried as an update: this caller would get no secret, and could not tell.
        if (error instanceof ConflictError) throw new StateConflictError(`webhook endpoint ${id} was created by another request meanwhile: GET it, and rotate its secret to get one`, { cause: error });
        throw error;
      }
      return { ...viewOf(created), secret };
    },
    { attempts: SAVE_ATTEMPTS },
  ).catch(busy(id));
};

export const getEndpoint = async (deps: Pick<WebhookDependencies, 'store'>, id: string): Promise<EndpointView> => viewOf(await stored(deps.store, id));

export const listEndpoints = async (deps: Pick<WebhookDependencies, 'store'>): Promise<{ endpoints: EndpointView[] }> => ({
  endpoints: (await deps.store.webhookEndpoints()).map(viewOf),
});

/** Deletes the endpoint and its deliveries log. */
export const deleteEndpoint = async (deps: Pick<WebhookDependencies, 'store'>, id: string): Promise<void> => {
  if (!(await deps.store.deleteWebhookEndpoint(id))) throw notFound(id);
};

export interface RotatedSecret {
  id: string;
  secret: string;
  /** Until then deliveries are signed with the previous secret too, so a receiver holding either verifies. */
  previousSecretExpiresAt?: string;
}

/** A new secret signs from now on; the ones signing until now keep signing for 24 h (SPEC). */
export const rotateEndpointSecret = (deps: WebhookDependencies, id: string): Promise<RotatedSecret> =>
  retryOnConflict(
    async () => {
      const { version, ...current } = await stored(deps.store, id);
      const secret = newSecret(deps.randomBytes(WEBHOOK_SECRET_BYTES));
      const rotated = rotateSecret(current, secret, deps.now());
      await deps.store.saveWebhookEndpoint(rotated, version);
      const expiries = rotated.secrets.flatMap(({ expiresAt }) => (expiresAt === undefined ? [] : [expiresAt])).sort();
      const last = expiries.at(-1);
      return { id, secret, ...(last === undefined ? {} : { previousSecretExpiresAt: last }) };
    },
    { attempts: SAVE_ATTEMPTS },
  ).catch(busy(id));

/** A delivery as the log shows it: its webhook-id as `id`, and not its body. */
export type DeliveryView = Omit<WebhookDelivery, 'deliveryId' | 'endpointId' | 'body' | 'redactedAt'> & { id: string };

const deliveryViewOf = ({ deliveryId, endpointId: _endpointId, body: _body, redactedAt: _redacted, ...shown }: WebhookDelivery): DeliveryView => ({ id: deliveryId, ...shown });

/** An endpoint's deliveries, newest first, a page at a time. */
export const listDeliveries = async (deps: Pick<WebhookDependencies, 'store'>, id: string, limit: number, cursor?: string): Promise<{ deliveries: DeliveryView[]; cursor?: string }> => {
  await stored(deps.store, id);
  const page = await deps.store.webhookDeliveries(id, limit, cursor).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) throw new InvalidRequestError('the cursor is not valid', [{ path: 'cursor', message: error.message }], { cause: error });
    throw error;
  });
  return { deliveries: page.deliveries.map(deliveryViewOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

/** The admin API's webhook use cases that queue a delivery. */
export type QueueingDependencies = Pick<WebhookDependencies, 'store' | 'now' | 'randomBytes'> & Pick<WebhookOutboxDependencies, 'webhookQueue'>;

/** Queues a `webhook.test` to the endpoint, enabled or not, under a new webhook-id. */
export const sendTestDelivery = async (deps: QueueingDependencies, id: string): Promise<DeliveryView> => {
  const endpoint = await stored(deps.store, id);
  const deliveryId = `msg_${Buffer.from(deps.randomBytes(16)).toString('base64url')}`;
  const body = JSON.stringify(webhookBody('webhook.test', deps.now().toISOString(), webhookTestData(id)));
  const [delivery] = await queueWebhookEventTo(deps, { type: 'webhook.test', body, idFor: () => deliveryId }, [endpoint]);
  // A fresh random id is never stored already: nothing queued is our bug.
  if (!delivery) throw new Error(`the test delivery ${deliveryId} of webhook endpoint ${id} was not stored`);
  return deliveryViewOf(delivery);
};

/**
 * Queues a delivery again, with its webhook-id and body: a delivered or failed one starts the
 * retry schedule afresh; a pending one is made due now. A lead's erased data is never sent again.
 */
export const redeliver = async (deps: QueueingDependencies, id: string, deliveryId: string): Promise<DeliveryView> => {
  await stored(deps.store, id);
  const delivery = await deps.store.getWebhookDelivery(id, deliveryId);
  if (!delivery) throw new NotFoundError(`no delivery "${deliveryId}" of webhook endpoint "${id}"`);
  if (delivery.redactedAt !== undefined) throw new StateConflictError('this delivery’s lead was erased: its data is no longer sent');
  const { lastStatus, lastError, nextAttemptAt: _due, deliveredAt: _delivered, ...kept } = delivery;
  const progress: DeliveryProgress = {
    status: 'pending',
    attempts: delivery.status === 'pending' ? delivery.attempts : 0,
    ...(lastStatus === undefined ? {} : { lastStatus }),
    ...(lastError === undefined ? {} : { lastError }),
    nextAttemptAt: deps.now().toISOString(),
  };
  // Conditioned on the attempts read: an attempt recorded meanwhile makes this a 409 to send again, never a lost outcome.
  if (!(await deps.store.saveWebhookDeliveryProgress(id, deliveryId, progress, delivery.attempts))) {
    throw new StateConflictError(`delivery ${deliveryId} was being attempted meanwhile; send the request again`);
  }
  await queueJobs(deps, [{ endpointId: id, deliveryId }]);
  // The save writes the progress whole (what it leaves out is cleared): the delivery as saved, without reading it back.
  return deliveryViewOf({ ...kept, ...progress });
};
