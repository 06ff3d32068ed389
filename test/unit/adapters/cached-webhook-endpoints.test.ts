import { describe, expect, it } from 'vitest';
import { withCachedWebhookEndpoints } from '../../../functions/adapters/cached-webhook-endpoints.js';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { aWebhookEndpoint } from '../../helpers/factories.js';
import { failingOnce, recordingStore } from '../../helpers/http.js';

const readsOf = (calls: { method: string }[]) => calls.filter(({ method }) => method === 'webhookEndpoints').length;
const idsOf = (endpoints: { id: string }[]) => endpoints.map(({ id }) => id);

describe('withCachedWebhookEndpoints', () => {
  it('reads the endpoints once within their time to live, then again: one saved elsewhere is seen within it', async () => {
    // Prepare
    const store = createMemoryStore();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ id: 'hubspot' }), undefined);
    const recorded = recordingStore(store);
    let now = 0;
    const cached = withCachedWebhookEndpoints(recorded.store, { ttlMs: 5_000, clock: () => now });

    // Act
    const first = await cached.webhookEndpoints();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ id: 'zapier' }), undefined);
    now = 4_999;
    const stale = await cached.webhookEndpoints();
    now = 5_000;
    const fresh = await cached.webhookEndpoints();

    // Assess
    expect([idsOf(first), idsOf(stale), idsOf(fresh)]).toEqual([['hubspot'], ['hubspot'], ['hubspot', 'zapier']]);
    expect(readsOf(recorded.calls)).toBe(2);
  });

  it('sees an endpoint saved or deleted through it at once', async () => {
    // Prepare
    const store = createMemoryStore();
    const cached = withCachedWebhookEndpoints(store, { ttlMs: 60_000, clock: () => 0 });
    await cached.webhookEndpoints();

    // Act
    await cached.saveWebhookEndpoint(aWebhookEndpoint({ id: 'hubspot' }), undefined);
    const saved = await cached.webhookEndpoints();
    await cached.deleteWebhookEndpoint('hubspot');
    const deleted = await cached.webhookEndpoints();

    // Assess
    expect([idsOf(saved), idsOf(deleted)]).toEqual([['hubspot'], []]);
  });

  it('keeps no failed read: the next call asks the store again', async () => {
    // Prepare
    const store = createMemoryStore();
    await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    const cached = withCachedWebhookEndpoints(failingOnce(store, 'webhookEndpoints'), { ttlMs: 60_000, clock: () => 0 });

    // Act
    const failed = await cached.webhookEndpoints().catch((error: unknown) => (error as Error).message);
    const again = await cached.webhookEndpoints();

    // Assess
    expect(failed).toBe('the store is down');
    expect(idsOf(again)).toEqual(['hubspot']);
  });
});
