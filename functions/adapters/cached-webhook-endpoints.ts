import type { Store } from '../app/ports/store.js';
import { keptReads } from './kept-reads.js';

/**
 * The store, with the list of webhook endpoints read at most once per `ttlMs` per container:
 * the scorer and the SLA run match every lifecycle change against it, and it changes only by an
 * admin's hand. An endpoint saved or deleted elsewhere is seen within that time (a delivery
 * stored meanwhile for one deleted or disabled ends at its first attempt: webhook-delivery.ts);
 * through this store, at once. A failed read is not kept.
 */
export const withCachedWebhookEndpoints = <S extends Pick<Store, 'webhookEndpoints' | 'saveWebhookEndpoint' | 'deleteWebhookEndpoint'>>(store: S, { ttlMs, clock = Date.now }: { ttlMs: number; clock?: () => number }): S => {
  const endpoints = keptReads<'all', Awaited<ReturnType<Store['webhookEndpoints']>>>({ ttlMs, clock });
  const cached: Pick<Store, 'webhookEndpoints' | 'saveWebhookEndpoint' | 'deleteWebhookEndpoint'> = {
    webhookEndpoints: () => endpoints.read('all', () => store.webhookEndpoints()),
    saveWebhookEndpoint: (endpoint, expectedVersion) => store.saveWebhookEndpoint(endpoint, expectedVersion).finally(endpoints.forgetAll),
    deleteWebhookEndpoint: (id) => store.deleteWebhookEndpoint(id).finally(endpoints.forgetAll),
  };
  return Object.assign(Object.create(store) as S, cached);
};
