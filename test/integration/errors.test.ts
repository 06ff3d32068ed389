import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/app/ports/store.js';
import { aPlaybookInput, named } from '../helpers/factories.js';
import { adminHeaders, apiClient, errorOf, issuePaths, uniqueIds, type ApiClient, type ApiResponse } from '../helpers/http.js';
import { ALLOWED_ORIGIN, aVisitor, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const HOUR = 3_600_000;
const OVER_16_KIB = 16 * 1024 + 1;
const ids = uniqueIds();

interface Known {
  leadId: string;
  http: ApiClient;
  now: Date;
}

interface ErrorRow {
  behaviour: string;
  send: (known: Known) => Promise<ApiResponse>;
  status: number;
  code: string;
  /** The issue paths a 400 names, in order; omitted when the answer carries no issues. */
  issues?: string[];
}

const aSubmission = (overrides: Record<string, unknown> = {}) => ({ submissionId: ids.id('sub'), answers: { email: ids.email() }, ...overrides });
const anEvent = (leadId: string, overrides: Record<string, unknown> = {}) => ({ leadId, eventId: ids.id('evt'), type: 'page_view', ...overrides });
const oversize = (): string => JSON.stringify(aSubmission({ context: { pageUrl: 'x'.repeat(OVER_16_KIB) } }));

const rows: ErrorRow[] = [
  // 400
  {
    behaviour: '400 for an answer of the wrong kind, naming its field',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission({ answers: { email: 'not-an-email' } })),
    status: 400,
    code: 'bad_request',
    issues: ['answers.email'],
  },
  {
    behaviour: '400 for an answer to a field the form does not ask',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission({ answers: { email: ids.email(), favourite_colour: 'blue' } })),
    status: 400,
    code: 'bad_request',
    issues: ['answers.favourite_colour'],
  },
  {
    behaviour: '400 for an answer to a field named __proto__ (no question has that id)',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', `{"submissionId": "${ids.id('sub')}", "answers": {"email": "${ids.email()}", "__proto__": ["x"]}}`),
    status: 400,
    code: 'bad_request',
    issues: ['answers.__proto__'],
  },
  {
    behaviour: '400 for a submissionId with characters outside [A-Za-z0-9_-]',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission({ submissionId: 'not allowed!' })),
    status: 400,
    code: 'bad_request',
    issues: ['submissionId'],
  },
  {
    behaviour: '400 for a submissionId of 65 characters',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission({ submissionId: 's'.repeat(65) })),
    status: 400,
    code: 'bad_request',
    issues: ['submissionId'],
  },
  {
    behaviour: '400 for a submission without a submissionId',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', { answers: { email: ids.email() } }),
    status: 400,
    code: 'bad_request',
    issues: ['submissionId'],
  },
  {
    behaviour: '400 for a property the submission body does not have',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission({ nickname: 'ada' })),
    status: 400,
    code: 'bad_request',
    issues: ['nickname'],
  },
  {
    behaviour: '400 for a leadId that Winnow never issues',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission({ leadId: 'short' })),
    status: 400,
    code: 'bad_request',
    issues: ['leadId'],
  },
  {
    behaviour: '400 for a body that is not valid JSON',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', '{"submissionId": "s1", "answers": {'),
    status: 400,
    code: 'bad_request',
  },
  {
    behaviour: '400 for an empty body',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', ''),
    status: 400,
    code: 'bad_request',
  },
  {
    behaviour: '400 for an event whose at lies an hour in the future',
    send: ({ http, leadId, now }) => http.post('/v1/events', anEvent(leadId, { at: new Date(now.getTime() + HOUR).toISOString() })),
    status: 400,
    code: 'bad_request',
    issues: ['at'],
  },
  {
    behaviour: '400 for an event whose at is not an ISO 8601 date-time',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { at: 'yesterday' })),
    status: 400,
    code: 'bad_request',
    issues: ['at'],
  },
  {
    behaviour: '400 for an event type the playbook does not list in publicEvents',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { type: 'webinar_attended' })),
    status: 400,
    code: 'bad_request',
    issues: ['type'],
  },
  {
    behaviour: '400 for an event with a bad eventId',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { eventId: '' })),
    status: 400,
    code: 'bad_request',
    issues: ['eventId'],
  },
  {
    behaviour: '400 for admin events naming a type the playbook does not weigh',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', { events: [anEvent(leadId, { type: 'tea_drunk' })] }),
    status: 400,
    code: 'bad_request',
    issues: ['events.0.type'],
  },
  {
    behaviour: '400 for more than 100 admin events at once',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', { events: Array.from({ length: 101 }, () => anEvent(leadId)) }),
    status: 400,
    code: 'bad_request',
    issues: ['events'],
  },
  {
    behaviour: '400 for an admin event naming its lead by both leadId and email',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', { events: [anEvent(leadId, { email: ids.email() })] }),
    status: 400,
    code: 'bad_request',
    issues: ['events.0'],
  },
  {
    behaviour: '400 for ?version=0',
    send: ({ http }) => http.admin.get('/v1/admin/forms/demo-request?version=0'),
    status: 400,
    code: 'bad_request',
    issues: ['version'],
  },
  {
    behaviour: '400 for a form id that is not an id',
    send: ({ http }) => http.get('/v1/forms/Not_An_Id!/next'),
    status: 400,
    code: 'bad_request',
    issues: ['formId'],
  },
  // 401
  {
    behaviour: '401 for an admin read without a token',
    send: ({ http, leadId }) => http.get(`/v1/admin/leads/${leadId}`),
    status: 401,
    code: 'unauthorized',
  },
  {
    behaviour: '401 for an admin read with an incorrect token',
    send: ({ http, leadId }) => http.get(`/v1/admin/leads/${leadId}`, { headers: adminHeaders('an-incorrect-token-of-some-length') }),
    status: 401,
    code: 'unauthorized',
  },
  {
    behaviour: '401 for an admin read with the token under another scheme',
    send: ({ http, leadId }) => http.get(`/v1/admin/leads/${leadId}`, { headers: { authorization: adminHeaders().authorization?.replace('Bearer', 'Basic') } }),
    status: 401,
    code: 'unauthorized',
  },
  {
    behaviour: '401 for a publish without a token, even of a valid playbook',
    send: ({ http }) => http.put('/v1/admin/playbooks/default', aPlaybookInput()),
    status: 401,
    code: 'unauthorized',
  },
  {
    behaviour: '401 for admin events with an incorrect token',
    send: ({ http, leadId }) => http.post('/v1/admin/events', { events: [anEvent(leadId)] }, { headers: adminHeaders('x'.repeat(40)) }),
    status: 401,
    code: 'unauthorized',
  },
  // 403
  {
    behaviour: '403 for a submission from an origin the form does not allow',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission(), { headers: { origin: 'https://evil.example.net' } }),
    status: 403,
    code: 'forbidden',
  },
  {
    behaviour: '403 for an event from an origin no form allows',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId), { headers: { origin: 'https://evil.example.net' } }),
    status: 403,
    code: 'forbidden',
  },
  {
    behaviour: '403 for a next step asked from an origin the form does not allow',
    send: ({ http }) => http.get('/v1/forms/demo-request/next', { headers: { origin: 'https://evil.example.net' } }),
    status: 403,
    code: 'forbidden',
  },
  // 404
  {
    behaviour: '404 for the next step of an unknown form',
    send: ({ http }) => http.get('/v1/forms/no-such-form/next'),
    status: 404,
    code: 'not_found',
  },
  {
    behaviour: '404 for a submission to an unknown form',
    send: ({ http }) => http.post('/v1/forms/no-such-form/submissions', aSubmission()),
    status: 404,
    code: 'not_found',
  },
  {
    behaviour: '404 for an unknown lead on the admin read',
    send: ({ http }) => http.admin.get('/v1/admin/leads/lead_never_issued_00000000'),
    status: 404,
    code: 'not_found',
  },
  {
    behaviour: '404 for admin events naming an unknown leadId, naming the event',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', { events: [anEvent(leadId), anEvent('lead_never_issued_00000000')] }),
    status: 404,
    code: 'not_found',
    issues: ['events.1.leadId'],
  },
  {
    behaviour: '404 for an unknown form on the admin read',
    send: ({ http }) => http.admin.get('/v1/admin/forms/no-such-form'),
    status: 404,
    code: 'not_found',
  },
  {
    behaviour: '404 for a path the API does not have',
    send: ({ http }) => http.get('/v1/nothing-here'),
    status: 404,
    code: 'not_found',
  },
  // 413
  {
    behaviour: '413 for a submission body over 16 KiB',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', oversize()),
    status: 413,
    code: 'payload_too_large',
  },
  {
    behaviour: '413 for an event body over 16 KiB',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { properties: { note: 'x'.repeat(OVER_16_KIB) } })),
    status: 413,
    code: 'payload_too_large',
  },
  {
    behaviour: '413 for a published document over 16 KiB',
    send: ({ http }) => http.admin.put('/v1/admin/playbooks/default', { ...aPlaybookInput(), $schema: 'x'.repeat(OVER_16_KIB) }),
    status: 413,
    code: 'payload_too_large',
  },
  // 415
  {
    behaviour: '415 for a submission sent as text/plain',
    send: ({ http }) => http.post('/v1/forms/demo-request/submissions', aSubmission(), { headers: { 'content-type': 'text/plain' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    behaviour: '415 for an event sent without a content-type',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId), { headers: { 'content-type': undefined } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    behaviour: '415 for a form published as a urlencoded form',
    send: ({ http }) => http.admin.put('/v1/admin/playbooks/default', 'id=default', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
];

describe('every error status leaves the stored data as it was (local stack)', () => {
  let stack: LocalStack;
  let known: Known;

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    const leadId = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, ...aSubmission() });
    await stack.drainQueue();
    known = { leadId, http: stack.http, now: stack.clock.now() };
  });

  afterAll(async () => {
    await stack.close();
  });

  it.each(named(rows))('answers %s', async (_, { send, status, code, issues }) => {
    // Prepare
    await stack.drainQueue();
    const before = await stack.dumpTable();

    // Act
    const response = await send(known);

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(errorOf(response).code).toBe(code);
    if (issues) expect([...new Set(issuePaths(response))]).toEqual(issues);
    else expect(errorOf(response).issues).toBeUndefined();
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });

  it.each(
    named([
      { behaviour: 'a 200 (the next step)', send: ({ http }: Known) => http.get('/v1/forms/demo-request/next'), status: 200 },
      { behaviour: 'a 202 (an event)', send: ({ http, leadId }: Known) => http.post('/v1/events', anEvent(leadId)), status: 202 },
      { behaviour: 'the health check', send: ({ http }: Known) => http.get('/healthz'), status: 200 },
      { behaviour: 'a 404 for a path the API does not have', send: ({ http }: Known) => http.get('/v1/nothing-here'), status: 404 },
    ]),
  )('tells browsers not to sniff %s into another type (X-Content-Type-Options)', async (_, { send, status }) => {
    // Act
    const response = await send(known);

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('asks for a Bearer token on a 401', async () => {
    // Act
    const response = await stack.http.get(`/v1/admin/leads/${known.leadId}`);

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('accepts a body of exactly 16 KiB (the limit is "over 16 KiB")', async () => {
    // Prepare
    const json = JSON.stringify(aSubmission({ leadId: known.leadId }));
    // JSON may carry trailing whitespace: the body grows to the limit and stays valid.
    const exact = json + ' '.repeat(16 * 1024 - json.length);

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', exact);

    // Assess
    expect(Buffer.byteLength(exact)).toBe(16 * 1024);
    expect(response.status).toBe(202);
  });

  it('counts the 16 KiB in bytes, so multi-byte characters reach it sooner', async () => {
    // Prepare: 6,000 euro signs are 6,000 characters but 18,000 bytes.
    const body = JSON.stringify(aSubmission({ context: { pageUrl: '€'.repeat(6000) } }));

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', body);

    // Assess
    expect(response.status).toBe(413);
  });

  it('answers 409 when another publisher keeps taking the version number, storing nothing', async () => {
    // Prepare: a store whose reads lag behind, so every attempt picks a version that is taken.
    const stale: Store = Object.assign(Object.create(stack.deps.store) as Store, { latestDocument: async () => undefined });
    const racing = apiClient(stack.apiWith({ store: stale }));
    const before = await stack.dumpTable();

    // Act
    const response = await racing.admin.put('/v1/admin/playbooks/default', aPlaybookInput());

    // Assess
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('conflict');
    expect(await stack.dumpTable()).toEqual(before);
  });
});

describe('rate limiting (local stack, 2 requests a minute)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ rateLimitPerMinute: 2 });
    await publishDefaults(stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers 429 with Retry-After once a client is over its limit, storing nothing', async () => {
    // Prepare
    const client = { sourceIp: '198.51.100.7', headers: { origin: ALLOWED_ORIGIN } };
    await stack.http.get('/v1/forms/demo-request/next', client);
    await stack.http.get('/v1/forms/demo-request/next', client);
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', aSubmission(), client);

    // Assess
    expect(response.status).toBe(429);
    expect(errorOf(response).code).toBe('rate_limited');
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(Number(response.headers['retry-after']))).toBe(true);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });

  it('limits each client on its own', async () => {
    // Prepare
    await stack.http.get('/v1/forms/demo-request/next', { sourceIp: '198.51.100.8' });
    await stack.http.get('/v1/forms/demo-request/next', { sourceIp: '198.51.100.8' });

    // Act
    const throttled = await stack.http.get('/v1/forms/demo-request/next', { sourceIp: '198.51.100.8' });
    const other = await stack.http.get('/v1/forms/demo-request/next', { sourceIp: '198.51.100.9' });

    // Assess
    expect(throttled.status).toBe(429);
    expect(other.status).toBe(200);
  });
});
