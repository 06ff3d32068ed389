import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { createApi } from '../../../functions/http/api.js';
import { NOW, aLeadRecord, aPlaybookInput } from '../../helpers/factories.js';
import { apiClient, issuePaths, mockAws, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
const LEAD_ID = 'lead_known_0000000000001';

describe('POST /v1/events (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    aws.storedLead(aLeadRecord({ leadId: LEAD_ID }));
    http = apiClient(createApi(testDependencies(testConfig())));
  });

  it('stores the event with a conditional Put keyed by its lead and eventId and sends one event job', async () => {
    // Act
    const response = await http.post('/v1/events', { leadId: LEAD_ID, eventId: 'evt-1', type: 'pricing_view' });

    // Assess
    expect(response).toEqual(expect.objectContaining({ status: 202, body: {} }));
    const [put] = aws.dynamo.commandCalls(PutCommand);
    expect(put?.args[0].input).toMatchObject({
      Item: { PK: `LEAD#${LEAD_ID}`, SK: 'EVENT#evt-1', at: NOW.toISOString(), type: 'pricing_view', source: 'public' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    const sends = aws.sqs.commandCalls(SendMessageCommand);
    expect(sends.map((call) => ScoringJob.parse(JSON.parse(call.args[0].input.MessageBody ?? '')))).toEqual([{ kind: 'event', id: 'evt-1', leadId: LEAD_ID }]);
  });

  it('creates no lead for a known lead’s event', async () => {
    // Act
    await http.post('/v1/events', { leadId: LEAD_ID, eventId: 'evt-1', type: 'page_view' });

    // Assess
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });

  it('writes and sends nothing for a type outside the playbook’s publicEvents', async () => {
    // Act
    const response = await http.post('/v1/events', { leadId: LEAD_ID, eventId: 'evt-1', type: 'webinar_attended' });

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['type']);
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(aws.sqs.calls()).toEqual([]);
  });
});
