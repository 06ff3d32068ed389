import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { createApi } from '../../../functions/http/api.js';
import { NOW, aLeadRecord, aPlaybookInput } from '../../helpers/factories.js';
import { apiClient, issuePaths, memoryDependencies, mockQueue, publishIn, storeLead } from '../../helpers/http.js';

const queue = mockQueue();
const LEAD_ID = 'lead_known_0000000000001';

describe('POST /v1/events (in-memory store, mocked SQS)', () => {
  let store: MemoryStore;
  let http: ReturnType<typeof apiClient>;

  beforeEach(async () => {
    queue.reset();
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    await storeLead(store, aLeadRecord({ leadId: LEAD_ID }));
    http = apiClient(createApi(memoryDependencies(store)));
  });

  it('stores the event once under its lead and eventId and sends one event job carrying what scoring counts of it', async () => {
    // Act
    const response = await http.post('/v1/events', { leadId: LEAD_ID, eventId: 'evt-1', type: 'pricing_view' });

    // Assess
    expect(response).toEqual(expect.objectContaining({ status: 202, body: {} }));
    expect(await store.getEvent(LEAD_ID, 'evt-1')).toMatchObject({ leadId: LEAD_ID, eventId: 'evt-1', at: NOW.toISOString(), type: 'pricing_view', source: 'public' });
    expect((await store.activity([LEAD_ID])).events).toHaveLength(1);
    const sends = queue.sqs.commandCalls(SendMessageCommand);
    expect(sends.map((call) => ScoringJob.parse(JSON.parse(call.args[0].input.MessageBody ?? '')))).toEqual([
      { kind: 'event', id: 'evt-1', leadId: LEAD_ID, event: { type: 'pricing_view', at: NOW.toISOString(), receivedAt: NOW.toISOString() } },
    ]);
  });

  it('creates no lead for a known lead’s event', async () => {
    // Prepare
    const before = await store.getLead(LEAD_ID);

    // Act
    await http.post('/v1/events', { leadId: LEAD_ID, eventId: 'evt-1', type: 'page_view' });

    // Assess
    expect(await store.getLead(LEAD_ID)).toEqual(before);
  });

  it('writes and sends nothing for a type outside the playbook’s publicEvents', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const response = await http.post('/v1/events', { leadId: LEAD_ID, eventId: 'evt-1', type: 'webinar_attended' });

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['type']);
    expect(store.snapshot()).toEqual(before);
    expect(queue.sqs.calls()).toEqual([]);
  });
});
