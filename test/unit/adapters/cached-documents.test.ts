import { describe, expect, it } from 'vitest';
import { withCachedDocuments } from '../../../functions/adapters/cached-documents.js';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { aFormInput, aPlaybookInput } from '../../helpers/factories.js';
import { publishIn, recordingStore } from '../../helpers/http.js';

const readsOf = (calls: { method: string }[]) => calls.filter(({ method }) => ['latestDocument', 'documentVersion', 'latestDocuments'].includes(method)).length;

describe('withCachedDocuments', () => {
  it('reads the latest version and the list of latest ones once within their time to live, then again', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    const recorded = recordingStore(store);
    let now = 0;
    const cached = withCachedDocuments(recorded.store, { latestTtlMs: 5_000, clock: () => now });

    // Act
    await cached.latestDocument('playbook', 'default');
    await cached.latestDocuments('playbook');
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    now = 4_999;
    const stale = await cached.latestDocument('playbook', 'default');
    const staleList = await cached.latestDocuments('playbook');
    now = 5_000;
    const fresh = await cached.latestDocument('playbook', 'default');

    // Assess
    expect([stale?.version, staleList.map((document) => document.version), fresh?.version]).toEqual([1, [1], 2]);
    expect(readsOf(recorded.calls)).toBe(3);
  });

  it('sees a publish made through it at once', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    const cached = withCachedDocuments(store, { latestTtlMs: 60_000, clock: () => 0 });
    await cached.latestDocument('playbook', 'default');
    await cached.latestDocuments('playbook');

    // Act
    await publishIn(cached, 'playbook', aPlaybookInput(), 2);

    // Assess
    expect((await cached.latestDocument('playbook', 'default'))?.version).toBe(2);
    expect((await cached.latestDocuments('playbook')).map((document) => document.version)).toEqual([2]);
  });

  it('keeps a version for good, never a miss, and leaves every other call to the store', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    const recorded = recordingStore(store);
    const cached = withCachedDocuments(recorded.store, { latestTtlMs: 5_000, clock: () => 0 });

    // Act
    const missing = await cached.documentVersion('form', 'demo-request', 1);
    await publishIn(store, 'form', aFormInput({ id: 'demo-request' }));
    const found = await cached.documentVersion('form', 'demo-request', 1);
    await cached.documentVersion('form', 'demo-request', 1);
    await cached.getLead('lead_a');

    // Assess
    expect(missing).toBeUndefined();
    expect(found?.version).toBe(1);
    expect(readsOf(recorded.calls)).toBe(2);
    expect(recorded.calls.map(({ method }) => method)).toContain('getLead');
  });

  it('forgets the oldest version it keeps when it is full', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    const recorded = recordingStore(store);
    const cached = withCachedDocuments(recorded.store, { latestTtlMs: 5_000, clock: () => 0, maxEntries: 1 });

    // Act
    await cached.documentVersion('playbook', 'default', 1);
    await cached.documentVersion('playbook', 'default', 2);
    await cached.documentVersion('playbook', 'default', 1);

    // Assess
    expect(readsOf(recorded.calls)).toBe(3);
  });
});
