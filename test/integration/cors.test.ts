import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { named } from '../helpers/factories.js';
import { API_HOST, errorOf, objectOf, uniqueIds } from '../helpers/http.js';
import { ALLOWED_ORIGIN, aDemoFormInput, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const PARTNER_ORIGIN = 'https://partner.example.org';

describe('CORS per form (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    await stack.publishForm(aDemoFormInput({ id: 'partner-form', allowedOrigins: [PARTNER_ORIGIN] }));
  });

  afterAll(async () => {
    await stack.close();
  });

  const aSubmission = () => ({ submissionId: ids.id('sub'), answers: { email: ids.email() } });

  it('grants an allowed origin on a 202', async () => {
    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', aSubmission(), { headers: { origin: ALLOWED_ORIGIN } });

    // Assess
    expect(response.status).toBe(202);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers.vary).toMatch(/Origin/);
  });

  it('grants an allowed origin on a 400 too, so the widget can read the field errors', async () => {
    // Act
    const response = await stack.http.post(
      '/v1/forms/demo-request/submissions',
      { submissionId: ids.id('sub'), answers: { email: 'nope' } },
      { headers: { origin: ALLOWED_ORIGIN } },
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('grants an allowed origin on the next step', async () => {
    // Act
    const response = await stack.http.get('/v1/forms/demo-request/next', { headers: { origin: ALLOWED_ORIGIN } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('answers a preflight from an allowed origin with 204, the methods and the headers', async () => {
    // Act
    const response = await stack.http.send('OPTIONS', '/v1/forms/demo-request/submissions', {
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

    // Assess
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(response.headers['access-control-allow-headers']).toMatch(/content-type/i);
  });

  it('answers a preflight for events from an origin any form allows', async () => {
    // Act
    const response = await stack.http.send('OPTIONS', '/v1/events', { headers: { origin: PARTNER_ORIGIN, 'access-control-request-method': 'POST' } });

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(PARTNER_ORIGIN);
  });

  it('refuses a preflight from an origin the form does not allow with 403', async () => {
    // Act
    const response = await stack.http.send('OPTIONS', '/v1/forms/demo-request/submissions', {
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });

    // Assess
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('forbidden');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses on one form an origin that only another form allows', async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', aSubmission(), { headers: { origin: PARTNER_ORIGIN } });

    // Assess
    expect(response.status).toBe(403);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it.each(
    named([
      { behaviour: 'a next step', method: 'GET', path: '/v1/forms/no-such-form/next' },
      { behaviour: 'a submission', method: 'POST', path: '/v1/forms/no-such-form/submissions' },
      { behaviour: 'a preflight', method: 'OPTIONS', path: '/v1/forms/no-such-form/submissions' },
    ]),
  )('answers %s for an unknown form 404 whatever the Origin, granting nothing', async (_, { method, path }) => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const responses = await Promise.all(
      [ALLOWED_ORIGIN, 'https://evil.example.net'].map((origin) =>
        stack.http.send(method, path, { headers: { origin, 'access-control-request-method': 'POST' }, ...(method === 'POST' ? { body: aSubmission() } : {}) }),
      ),
    );

    // Assess
    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe('not_found');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('accepts a request with no Origin header (a server, not a browser)', async () => {
    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', aSubmission());

    // Assess
    expect(response.status).toBe(202);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts the API host’s own pages without listing them', async () => {
    // Act
    const response = await stack.http.get('/v1/forms/partner-form/next', { headers: { origin: `https://${API_HOST}` } });

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response).formId).toBe('partner-form');
  });
});

describe('the honeypot (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers 202 to a submission with _hp filled in, and stores and queues nothing', async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', {
      submissionId: ids.id('bot'),
      answers: { email: ids.email('bot'), company_size: '201+' },
      _hp: 'http://spam.example',
    });

    // Assess
    expect(response.status).toBe(202);
    expect(objectOf(response)).toMatchObject({ next: { complete: false } });
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });

  it('answers 202 to a bot whatever its answers, so it learns nothing', async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', { submissionId: ids.id('bot'), answers: { email: 'nope' }, _hp: 'x' });

    // Assess
    expect(response.status).toBe(202);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('stores a submission whose _hp is left empty', async () => {
    // Prepare
    const submissionId = ids.id('person');

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', { submissionId, answers: { email: ids.email() }, _hp: '' });

    // Assess
    expect(response.status).toBe(202);
    expect((await stack.dumpTable()).some((item) => item.SK === `SUBMISSION#${submissionId}`)).toBe(true);
  });
});
