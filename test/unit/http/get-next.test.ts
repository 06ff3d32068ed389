import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import type { Store } from '../../../functions/app/ports/store.js';
import { createApi } from '../../../functions/http/api.js';
import { aLeadRecord, aPlaybookInput, aSpecFormInput } from '../../helpers/factories.js';
import { apiClient, memoryDependencies, objectOf, publishIn, recordingStore, storeLead } from '../../helpers/http.js';

const LEAD_ID = 'lead_known_0000000000001';

const questionIds = (body: Record<string, unknown>): string[] => (body.questions as { id: string }[]).map((q) => q.id);

describe('GET /v1/forms/{formId}/next (in-memory store)', () => {
  let store: MemoryStore;
  const httpOn = (on: Store) => apiClient(createApi(memoryDependencies(on)));

  beforeEach(async () => {
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    await publishIn(store, 'form', aSpecFormInput(), 3);
  });

  it('asks a known lead only what it has not answered, naming the form version', async () => {
    // Prepare
    await storeLead(store, aLeadRecord({ leadId: LEAD_ID, answers: { email: 'ada@example.com', company_size: '201+' } }));

    // Act
    const response = await httpOn(store).get(`/v1/forms/demo-request/next?leadId=${LEAD_ID}`);

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response)).toMatchObject({ leadId: LEAD_ID, formId: 'demo-request', formVersion: 3, complete: false });
    expect(questionIds(objectOf(response))).toEqual(['role', 'timeframe']);
  });

  it('issues a new leadId for an unknown one, and writes nothing', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const response = await httpOn(store).get(`/v1/forms/demo-request/next?leadId=${LEAD_ID}`);

    // Assess
    expect(objectOf(response).leadId).not.toBe(LEAD_ID);
    expect(objectOf(response).leadId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(store.snapshot()).toEqual(before);
  });

  it('answers 404 for an unknown form after one read of the latest form', async () => {
    // Prepare
    const recorded = recordingStore(store);

    // Act
    const response = await httpOn(recorded.store).get('/v1/forms/no-such-form/next');

    // Assess
    expect(response.status).toBe(404);
    expect(recorded.calls).toEqual([{ method: 'latestDocument', args: ['form', 'no-such-form'] }]);
  });

  it('answers a browser 500, not a CORS refusal, when its form cannot be read', async () => {
    // Prepare
    const failing: Store = {
      ...store,
      latestDocument: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
      },
    };

    // Act
    const response = await httpOn(failing).get('/v1/forms/demo-request/next', { headers: { origin: 'https://www.example.com' } });

    // Assess
    expect(response.status).toBe(500);
  });
});
