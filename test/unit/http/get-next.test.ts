import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../functions/http/api.js';
import { aLeadRecord, aPlaybookInput, aSpecFormInput } from '../../helpers/factories.js';
import { apiClient, mockAws, objectOf, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
const LEAD_ID = 'lead_known_0000000000001';

const questionIds = (body: Record<string, unknown>): string[] => (body.questions as { id: string }[]).map((q) => q.id);

describe('GET /v1/forms/{formId}/next (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    aws.published('form', aSpecFormInput(), 3);
    http = apiClient(createApi(testDependencies(testConfig())));
  });

  it('asks a known lead only what it has not answered, naming the form version', async () => {
    // Prepare
    aws.storedLead(aLeadRecord({ leadId: LEAD_ID, answers: { email: 'ada@example.com', company_size: '201+' } }));

    // Act
    const response = await http.get(`/v1/forms/demo-request/next?leadId=${LEAD_ID}`);

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response)).toMatchObject({ leadId: LEAD_ID, formId: 'demo-request', formVersion: 3, complete: false });
    expect(questionIds(objectOf(response))).toEqual(['role', 'timeframe']);
  });

  it('issues a new leadId for an unknown one, and writes nothing', async () => {
    // Act
    const response = await http.get(`/v1/forms/demo-request/next?leadId=${LEAD_ID}`);

    // Assess
    expect(objectOf(response).leadId).not.toBe(LEAD_ID);
    expect(objectOf(response).leadId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });

  it('answers 404 for an unknown form after one catalog read', async () => {
    // Act
    const response = await http.get('/v1/forms/no-such-form/next');

    // Assess
    expect(response.status).toBe(404);
    expect(aws.dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([{ PK: 'CATALOG', SK: 'FORM#no-such-form' }]);
  });

  it('answers a browser 500, not a CORS refusal, when its form cannot be read', async () => {
    // Prepare
    aws.dynamo.on(GetCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    // Act
    const response = await http.get('/v1/forms/demo-request/next', { headers: { origin: 'https://www.example.com' } });

    // Assess
    expect(response.status).toBe(500);
  });
});
