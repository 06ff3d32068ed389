import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { createApi } from '../../../functions/http/api.js';
import { aLeadRecord, aPlaybookInput } from '../../helpers/factories.js';
import { apiClient, mockAws, objectOf, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
const SURVIVOR = 'lead_survivor_00000000001';
const ABSORBED = 'lead_absorbed_00000000001';

describe('GET /v1/admin/leads/{leadId} (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    http = apiClient(createApi(testDependencies(testConfig())));
  });

  it('answers a lead merged into another with the lead it was merged into', async () => {
    // Prepare
    aws.storedLead(aLeadRecord({ leadId: SURVIVOR, answers: { email: 'ada@example.com' }, mergedFrom: [ABSORBED] }));
    aws.dynamo.on(GetCommand, { Key: keys.lead(ABSORBED) }).resolves({ Item: { ...keys.lead(ABSORBED), ...aLeadRecord({ leadId: ABSORBED }), version: 2, mergedInto: SURVIVOR } });

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

  it('answers 400, naming leadId, for an id Winnow never issues', async () => {
    // Act
    const response = await http.admin.get('/v1/admin/leads/short');

    // Assess
    expect(response.status).toBe(400);
    expect(aws.dynamo.calls()).toEqual([]);
  });
});
