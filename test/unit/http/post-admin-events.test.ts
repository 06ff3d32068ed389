import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../functions/http/api.js';
import { NOW, aPlaybookInput } from '../../helpers/factories.js';
import { apiClient, issuePaths, mockAws, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();

describe('POST /v1/admin/events (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    http = apiClient(createApi(testDependencies(testConfig())));
  });

  it('looks an email up in the email index (GSI2) and creates the lead it names when none has it', async () => {
    // Act
    const response = await http.admin.post('/v1/admin/events', { events: [{ email: 'ada@example.com', eventId: 'web-1', type: 'webinar_attended' }] });

    // Assess
    expect(response).toMatchObject({ status: 202, body: { accepted: 1 } });
    const [query] = aws.dynamo.commandCalls(QueryCommand);
    expect(query?.args[0].input).toMatchObject({ IndexName: 'GSI2', ExpressionAttributeValues: { ':email': 'EMAIL#ada@example.com' } });
    const [created] = aws.dynamo.commandCalls(UpdateCommand);
    expect(created?.args[0].input.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(Object.values(created?.args[0].input.ExpressionAttributeValues ?? {})).toEqual(expect.arrayContaining(['EMAIL#ada@example.com', NOW.toISOString()]));
    expect(aws.dynamo.commandCalls(PutCommand)).toHaveLength(1);
    expect(aws.sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('writes nothing when one event of the batch names an unknown lead', async () => {
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
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(aws.sqs.calls()).toEqual([]);
  });
});
