import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { createApi } from '../../../functions/http/api.js';
import { aLeadRecord, aPlaybookInput } from '../../helpers/factories.js';
import { apiClient, memoryDependencies, objectOf, publishIn, recordingStore, storeLead } from '../../helpers/http.js';

const SURVIVOR = 'lead_survivor_00000000001';
const ABSORBED = 'lead_absorbed_00000000001';

describe('GET /v1/admin/leads/{leadId} (in-memory store)', () => {
  let store: MemoryStore;
  let http: ReturnType<typeof apiClient>;

  beforeEach(async () => {
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    http = apiClient(createApi(memoryDependencies(store)));
  });

  it('answers a lead merged into another with the lead it was merged into', async () => {
    // Prepare
    await storeLead(store, aLeadRecord({ leadId: SURVIVOR, answers: { email: 'ada@example.com' }, mergedFrom: [ABSORBED] }));
    await storeLead(store, aLeadRecord({ leadId: ABSORBED, mergedInto: SURVIVOR }), 2);

    // Act
    const response = await http.admin.get(`/v1/admin/leads/${ABSORBED}`);

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response)).toMatchObject({ leadId: SURVIVOR, email: 'ada@example.com', mergedFrom: [ABSORBED] });
  });

  it('answers 404 for a lead that is not stored', async () => {
    // Act
    const response = await http.admin.get(`/v1/admin/leads/${SURVIVOR}`);

    // Assess
    expect(response.status).toBe(404);
  });

  it('answers 400, naming leadId, for an id Winnow never issues, asking the store nothing', async () => {
    // Prepare
    const recorded = recordingStore(store);
    const recordedHttp = apiClient(createApi(memoryDependencies(recorded.store)));

    // Act
    const response = await recordedHttp.admin.get('/v1/admin/leads/short');

    // Assess
    expect(response.status).toBe(400);
    expect(recorded.calls).toEqual([]);
  });
});
