import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { ConflictError } from '../../../functions/app/ports/errors.js';
import type { Store } from '../../../functions/app/ports/store.js';
import { createApi } from '../../../functions/http/api.js';
import { aPlaybookInput } from '../../helpers/factories.js';
import { PUBLISHED_AT, apiClient, memoryDependencies } from '../../helpers/http.js';

describe('PUT /v1/admin/playbooks/{id} (in-memory store)', () => {
  let store: MemoryStore;
  const httpOn = (on: Store) => apiClient(createApi(memoryDependencies(on)));

  beforeEach(() => {
    store = createMemoryStore();
  });

  it('writes the new version under its own number, then moves the latest forward to it', async () => {
    // Act
    const response = await httpOn(store).admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response).toMatchObject({ status: 200, body: { id: 'default', version: 1 } });
    const version = await store.documentVersion('playbook', 'default', 1);
    expect(version).toMatchObject({ kind: 'playbook', id: 'default', version: 1 });
    expect(await store.latestDocument('playbook', 'default')).toEqual(version);
  });

  it('takes the next version when a concurrent publish took the one it read', async () => {
    // Prepare: it reads "none" while another publisher writes version 1; the re-read sees it.
    const v1 = { kind: 'playbook' as const, id: 'default', version: 1, document: aPlaybookInput(), publishedAt: PUBLISHED_AT };
    let reads = 0;
    const racing: Store = {
      ...store,
      latestDocument: async (kind, id) => {
        reads += 1;
        if (reads > 1) return store.latestDocument(kind, id);
        await store.publishDocument(v1);
        return undefined;
      },
    };

    // Act
    const response = await httpOn(racing).admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response).toMatchObject({ status: 200, body: { id: 'default', version: 2 } });
  });

  it('answers 409 when every attempt loses the race', async () => {
    // Prepare
    const losing: Store = {
      ...store,
      publishDocument: async (document) => {
        throw new ConflictError(`${document.kind} ${document.id} version ${document.version} exists already`);
      },
    };

    // Act
    const response = await httpOn(losing).admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response.status).toBe(409);
  });

  it('writes nothing for a playbook that breaks its schema', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const response = await httpOn(store).admin.put('/v1/admin/playbooks/default', { ...aPlaybookInput(), routing: 'everyone to sales' });

    // Assess
    expect(response.status).toBe(400);
    expect(store.snapshot()).toEqual(before);
  });
});
