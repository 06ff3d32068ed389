import type { Store } from '../app/ports/store.js';

/**
 * The store, with the list of webhook endpoints read at most once per `ttlMs` per container:
 * the scorer and the SLA run match every lifecycle change against it, and it changes only by an
 * admin's hand. An endpoint saved or deleted elsewhere is seen within that time (a delivery
 * stored meanwhile for one deleted or disabled ends at its first attempt: webhook-delivery.ts);
 * through this store, at once. A failed read is not kept.
 */
export const withCachedWebhookEndpoints = <S extends Pick<Store, 'webhookEndpoints' | 'saveWebhookEndpoint' | 'deleteWebhookEndpoint'>>(store: S, { ttlMs, clock = Date.now }: { ttlMs: number; clock?: () => number }): S => {
  let kept: { until: number; value: ReturnType<Store['webhookEndpoints']> } | undefined;
  const cached: Pick<Store, 'webhookEndpoints' | 'saveWebhookEndpoint' | 'deleteWebhookEndpoint'> = {
    webhookEndpoints: () => {
      if (kept && kept.until > clock()) return kept.value;
      const value = store.webhookEndpoints();
      const entry = { until: clock() + ttlMs, value };
      kept = entry;
      value.catch(() => {
        if (kept === entry) kept = undefined;
      });
      return value;
    },
    saveWebhookEndpoint: async (endpoint, expectedVersion) => {
      try {
        return await store.saveWebhookEndpoint(endpoint, expectedVersion);
      } finally {
        kept = undefined;
      }
    },
    deleteWebhookEndpoint: async (id) => {
      try {
        return await store.deleteWebhookEndpoint(id);
      } finally {
        kept = undefined;
      }
    },
  };
  return Object.assign(Object.create(store) as S, cached);
};
