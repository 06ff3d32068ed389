import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { cachedDocuments } from '../../../functions/app/documents.js';
import { aPlaybookInput } from '../../helpers/factories.js';
import { publishIn, recordingStore } from '../../helpers/http.js';

const reads = (calls: { method: string }[]) => calls.filter(({ method }) => method === 'latestDocument' || method === 'documentVersion').length;

describe('cachedDocuments', () => {
  it('reads the latest version once within its time to live, then again', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    const recorded = recordingStore(store);
    let now = 0;
    const documents = cachedDocuments(recorded.store, { latestTtlMs: 5_000, clock: () => now });

    // Act
    const first = await documents.find('playbook', 'default');
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    now = 4_999;
    const cached = await documents.find('playbook', 'default');
    now = 5_000;
    const fresh = await documents.find('playbook', 'default');

    // Assess
    expect([first?.version, cached?.version, fresh?.version]).toEqual([1, 1, 2]);
    expect(reads(recorded.calls)).toBe(2);
  });

  it('keeps a published version for good, and never keeps a miss', async () => {
    // Prepare
    const store = createMemoryStore();
    const recorded = recordingStore(store);
    const documents = cachedDocuments(recorded.store, { latestTtlMs: 5_000, clock: () => 0 });

    // Act
    const missing = await documents.find('playbook', 'default', 1);
    await publishIn(store, 'playbook', aPlaybookInput());
    const found = await documents.find('playbook', 'default', 1);
    const again = await documents.find('playbook', 'default', 1);

    // Assess
    expect(missing).toBeUndefined();
    expect([found?.version, again?.version]).toEqual([1, 1]);
    expect(again).toBe(found);
    expect(reads(recorded.calls)).toBe(2);
  });

  it('forgets the oldest entry when it is full', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    await publishIn(store, 'playbook', aPlaybookInput(), 2);
    const recorded = recordingStore(store);
    const documents = cachedDocuments(recorded.store, { latestTtlMs: 5_000, clock: () => 0, maxEntries: 1 });

    // Act
    await documents.find('playbook', 'default', 1);
    await documents.find('playbook', 'default', 2);
    await documents.find('playbook', 'default', 1);

    // Assess
    expect(reads(recorded.calls)).toBe(3);
  });
});
