import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { createApi } from '../../../functions/http/api.js';
import { NOW, aPlaybookInput } from '../../helpers/factories.js';
import { apiClient, issuePaths, memoryDependencies, mockQueue, publishIn } from '../../helpers/http.js';

const queue = mockQueue();

describe('POST /v1/admin/events (in-memory store, mocked SQS)', () => {
  let store: MemoryStore;
  let http: ReturnType<typeof apiClient>;

  beforeEach(async () => {
    queue.reset();
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    http = apiClient(createApi(memoryDependencies(store)));
  });

  it('looks an email up in the email index and creates the lead it names when none has it', async () => {
    // Act
    const response = await http.admin.post('/v1/admin/events', { events: [{ email: 'ada@example.com', eventId: 'web-1', type: 'webinar_attended' }] });

    // Assess
    expect(response).toMatchObject({ status: 202, body: { accepted: 1 } });
    const [leadId = ''] = await store.leadsByEmail('ada@example.com');
    expect(await store.getLead(leadId)).toMatchObject({ version: 1, lead: { leadId, createdAt: NOW.toISOString(), answers: { email: 'ada@example.com' } } });
    expect((await store.activity([leadId])).events).toEqual([expect.objectContaining({ eventId: 'web-1', type: 'webinar_attended', source: 'admin' })]);
    expect(queue.sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('writes nothing when one event of the batch names an unknown lead', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const response = await http.admin.post('/v1/admin/events', {
      events: [
        { email: 'ada@example.com', eventId: 'web-1', type: 'webinar_attended' },
        { leadId: 'lead_unknown_000000000001', eventId: 'web-2', type: 'webinar_attended' },
      ],
    });

    // Assess
    expect(response.status).toBe(404);
    expect(issuePaths(response)).toEqual(['events.1.leadId']);
    expect(store.snapshot()).toEqual(before);
    expect(queue.sqs.calls()).toEqual([]);
  });
});
