import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../functions/http/api.js';
import { openApiDocument } from '../../../functions/http/framework/openapi.js';
import { routes } from '../../../functions/http/routes/index.js';
import { aPlaybookInput, aSpecFormInput } from '../../helpers/factories.js';
import { adminHeaders, apiClient, errorOf, mockAws, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();

describe('the API’s guards run before anything touches AWS (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    aws.published('form', aSpecFormInput());
    http = apiClient(createApi(testDependencies(testConfig())));
  });

  it('answers 401 to an admin call without a token, asking DynamoDB nothing', async () => {
    // Act
    const response = await http.get('/v1/admin/leads/lead_known_0000000000001');

    // Assess
    expect(response.status).toBe(401);
    expect(aws.dynamo.calls()).toEqual([]);
  });

  it('answers 401 to an admin call when no admin token is configured at all', async () => {
    // Prepare
    const unconfigured = apiClient(createApi({ ...testDependencies(testConfig()), adminToken: async () => undefined }));

    // Act
    const response = await unconfigured.admin.get('/v1/admin/leads/lead_known_0000000000001');

    // Assess
    expect(response.status).toBe(401);
  });

  it('answers 413 to a body over 16 KiB, asking DynamoDB nothing', async () => {
    // Act
    const response = await http.post('/v1/forms/demo-request/submissions', `{"pad": "${'x'.repeat(16 * 1024)}"}`);

    // Assess
    expect(response.status).toBe(413);
    expect(aws.dynamo.calls()).toEqual([]);
  });

  it('answers 415 to a body that is not JSON, asking DynamoDB nothing', async () => {
    // Act
    const response = await http.post('/v1/events', 'type=page_view', { headers: { 'content-type': 'text/plain' } });

    // Assess
    expect(response.status).toBe(415);
    expect(aws.dynamo.calls()).toEqual([]);
  });

  it('answers 500 in the SPEC’s shape, naming nothing of the cause, when DynamoDB fails', async () => {
    // Prepare
    aws.dynamo.on(GetItemCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.12:443 (table winnow-prod)'));

    // Act
    const response = await http.get('/v1/forms/demo-request/next');

    // Assess
    expect(response.status).toBe(500);
    expect(errorOf(response).code).toBe('internal');
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|winnow-prod|10\.0\.0/);
  });

  it('answers 404 in the SPEC’s shape for a route it does not have', async () => {
    // Act
    const response = await http.admin.get('/v1/admin/nothing', { headers: adminHeaders() });

    // Assess
    expect(response.status).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
  });

  it('answers /healthz without touching AWS', async () => {
    // Act
    const response = await http.get('/healthz');

    // Assess
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    expect(aws.dynamo.calls()).toEqual([]);
  });

  it('describes every public route in GET /v1/openapi.json', async () => {
    // Act
    const response = await http.get('/v1/openapi.json');

    // Assess
    expect(response.status).toBe(200);
    expect(Object.keys((response.body as { paths: Record<string, unknown> }).paths)).toEqual(
      expect.arrayContaining(['/v1/forms/{formId}/next', '/v1/forms/{formId}/submissions', '/v1/events', '/v1/admin/leads/{leadId}']),
    );
    // Served as built into the bundle: it must be the document today's route table describes.
    expect(response.body).toEqual(openApiDocument(routes));
  });
});
