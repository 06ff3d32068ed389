import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { createApi } from '../../../functions/http/api.js';
import { aPlaybookInput } from '../../helpers/factories.js';
import { PUBLISHED_AT, apiClient, mockAws, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('PUT /v1/admin/playbooks/{id} (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    http = apiClient(createApi(testDependencies(testConfig())));
  });

  it('writes the new version under its own key, then moves the catalog forward to it', async () => {
    // Act
    const response = await http.admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response).toMatchObject({ status: 200, body: { id: 'default', version: 1 } });
    const puts = aws.dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => [put.Item?.PK, put.Item?.SK, put.ConditionExpression])).toEqual([
      ['PLAYBOOK#default', 'VERSION#0000000001', 'attribute_not_exists(PK)'],
      ['CATALOG', 'PLAYBOOK#default', 'attribute_not_exists(PK) OR version < :version'],
    ]);
  });

  it('takes the next version when a concurrent publish took the one it read', async () => {
    // Prepare: it reads "none", another publisher writes version 1, the re-read sees it.
    const v1 = { ...keys.catalog('playbook', 'default'), kind: 'playbook', id: 'default', version: 1, document: aPlaybookInput(), publishedAt: PUBLISHED_AT };
    aws.dynamo.on(GetCommand, { Key: keys.catalog('playbook', 'default') }).resolvesOnce({}).resolves({ Item: v1 });
    aws.dynamo.on(PutCommand, { Item: { SK: 'VERSION#0000000001' } }).rejects(conditionFailed());

    // Act
    const response = await http.admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response).toMatchObject({ status: 200, body: { id: 'default', version: 2 } });
  });

  it('answers 409 when every attempt loses the race', async () => {
    // Prepare
    aws.dynamo.on(PutCommand).rejects(conditionFailed());

    // Act
    const response = await http.admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response.status).toBe(409);
  });

  it('writes nothing for a playbook that breaks its schema', async () => {
    // Act
    const response = await http.admin.put('/v1/admin/playbooks/default', { ...aPlaybookInput(), routing: 'everyone to sales' });

    // Assess
    expect(response.status).toBe(400);
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
  });
});
