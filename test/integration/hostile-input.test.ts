import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DEPTH } from '../../functions/core/issues.js';
import { aPlaybookInput, aQuestionInput, named } from '../helpers/factories.js';
import { errorOf, uniqueIds, type ApiClient, type ApiResponse } from '../helpers/http.js';
import { aDemoFormInput, aVisitor, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const ids = uniqueIds();

/** Deeper than any recursive walk of the body survived (the attack nested ~2,200 levels); still under 16 KiB. */
const DEEP = 2_200;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const UNSAFE = 2 ** 53 + 2;
const TOO_NEAR_ZERO = 1e-200;

const DEEP_MESSAGE = `nests deeper than ${MAX_DEPTH} levels`;
const RESERVED_MESSAGE = 'is a reserved name';
const UNSAFE_MESSAGE = `is too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})`;
const NEAR_ZERO_MESSAGE = 'is too close to zero to store (at least 1e-130 away from it)';

interface Known {
  http: ApiClient;
  leadId: string;
}

interface HostileRow {
  behaviour: string;
  send: (known: Known) => Promise<ApiResponse>;
  /** The issue the 400 names: where, and why. */
  issue: { path: string | RegExp; message: string };
}

const aStep = (leadId: string, overrides: Record<string, unknown> = {}) => ({ leadId, submissionId: ids.id('sub'), answers: { email: ids.email() }, ...overrides });
const anEvent = (leadId: string, overrides: Record<string, unknown> = {}) => ({ leadId, eventId: ids.id('evt'), type: 'page_view', ...overrides });
const anAdminEvent = (leadId: string, overrides: Record<string, unknown> = {}) => ({ events: [{ leadId, eventId: ids.id('adm'), type: 'webinar_attended', ...overrides }] });
/** A JSON text with `"$"` replaced by raw JSON (a key or a value JSON.stringify would not write as is). */
const withRaw = (body: unknown, raw: string): string => JSON.stringify(body).replace('"$"', raw);

const playbook = aPlaybookInput({ id: 'hostile' });
const [profile, authority, timeframe, budget] = playbook.fit.criteria;

const rows: HostileRow[] = [
  // JSON nested thousands deep: a stack overflow in the old recursive walk.
  {
    behaviour: 'a step whose answer nests 2,200 deep',
    send: ({ http, leadId }) => http.post('/v1/forms/demo-request/submissions', withRaw(aStep(leadId, { answers: { email: '$' } }), deepArray)),
    issue: { path: /^answers\.email(\.0)+$/, message: DEEP_MESSAGE },
  },
  {
    behaviour: 'an event whose properties nest 2,200 deep',
    send: ({ http, leadId }) => http.post('/v1/events', withRaw(anEvent(leadId, { properties: '$' }), deepArray)),
    issue: { path: /^properties(\.0)+$/, message: DEEP_MESSAGE },
  },
  {
    behaviour: 'a body that is an array nested 2,200 deep',
    send: ({ http }) => http.post('/v1/events', deepArray),
    issue: { path: /^0(\.0)+$/, message: DEEP_MESSAGE },
  },
  {
    behaviour: 'admin events whose properties nest 2,200 deep',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', withRaw(anAdminEvent(leadId, { properties: '$' }), deepArray)),
    issue: { path: /^events\.0\.properties(\.0)+$/, message: DEEP_MESSAGE },
  },
  {
    behaviour: 'a playbook nested 2,200 deep',
    send: ({ http }) => http.admin.put('/v1/admin/playbooks/hostile', withRaw({ ...playbook, notify: '$' }, deepArray)),
    issue: { path: /^notify(\.0)+$/, message: DEEP_MESSAGE },
  },
  {
    behaviour: 'a form nested 2,200 deep',
    send: ({ http }) => http.admin.put('/v1/admin/forms/hostile', withRaw({ ...aDemoFormInput({ id: 'hostile' }), title: '$' }, deepArray)),
    issue: { path: /^title(\.0)+$/, message: DEEP_MESSAGE },
  },
  {
    behaviour: 'feedback nested 2,200 deep',
    send: ({ http, leadId }) => http.admin.post(`/v1/admin/leads/${leadId}/feedback`, withRaw({ decision: 'reject', reason: '$' }, deepArray)),
    issue: { path: /^reason(\.0)+$/, message: DEEP_MESSAGE },
  },
  // A `constructor` key: the DynamoDB marshaller refuses the whole item.
  {
    behaviour: 'an event with a constructor property',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { properties: { constructor: 'x' } })),
    issue: { path: 'properties.constructor', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'a step answering a field called constructor',
    send: ({ http, leadId }) => http.post('/v1/forms/demo-request/submissions', aStep(leadId, { answers: { email: ids.email(), constructor: 'x' } })),
    issue: { path: 'answers.constructor', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'admin events with a constructor property',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', anAdminEvent(leadId, { properties: { constructor: 1 } })),
    issue: { path: 'events.0.properties.constructor', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'a playbook whose criterion scores an option called constructor',
    send: ({ http }) => http.admin.put('/v1/admin/playbooks/hostile', { ...playbook, fit: { ...playbook.fit, criteria: [{ ...authority, points: { constructor: 3 } }] } }),
    issue: { path: 'fit.criteria.0.points.constructor', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'a playbook weighing an event type called constructor',
    send: ({ http }) => http.admin.put('/v1/admin/playbooks/hostile', { ...playbook, interest: { ...playbook.interest, events: { ...playbook.interest.events, constructor: 1 } } }),
    issue: { path: 'interest.events.constructor', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'a form asking a question called constructor',
    send: ({ http }) => http.admin.put('/v1/admin/forms/hostile', aDemoFormInput({ id: 'hostile', questions: [aQuestionInput('email', { required: true }), aQuestionInput('text', { id: 'constructor' })] })),
    issue: { path: 'questions.1.id', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'a form published as constructor (its id keys a lead’s skips)',
    send: ({ http }) => http.admin.put('/v1/admin/forms/constructor', aDemoFormInput({ id: 'constructor' })),
    issue: { path: 'id', message: RESERVED_MESSAGE },
  },
  {
    behaviour: 'a step with a __proto__ key in its context',
    send: ({ http, leadId }) => http.post('/v1/forms/demo-request/submissions', withRaw(aStep(leadId, { context: '$' }), '{"__proto__": {"pageUrl": "x"}}')),
    issue: { path: 'context.__proto__', message: RESERVED_MESSAGE },
  },
  // Numbers the SDK refuses to write (beyond 2^53) or DynamoDB refuses to store (nearer zero than 1e-130).
  {
    behaviour: 'an event with a property beyond Number.MAX_SAFE_INTEGER',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { properties: { amount: UNSAFE } })),
    issue: { path: 'properties.amount', message: UNSAFE_MESSAGE },
  },
  {
    behaviour: 'an event with a property nearer zero than DynamoDB stores',
    send: ({ http, leadId }) => http.post('/v1/events', anEvent(leadId, { properties: { ratio: TOO_NEAR_ZERO } })),
    issue: { path: 'properties.ratio', message: NEAR_ZERO_MESSAGE },
  },
  {
    behaviour: 'a step answering a number question with 1e300',
    send: ({ http, leadId }) => http.post('/v1/forms/demo-request/submissions', aStep(leadId, { answers: { email: ids.email(), budget: 1e300 } })),
    issue: { path: 'answers.budget', message: UNSAFE_MESSAGE },
  },
  {
    behaviour: 'admin events with a property beyond Number.MAX_SAFE_INTEGER',
    send: ({ http, leadId }) => http.admin.post('/v1/admin/events', anAdminEvent(leadId, { properties: { amount: -UNSAFE } })),
    issue: { path: 'events.0.properties.amount', message: UNSAFE_MESSAGE },
  },
  {
    behaviour: 'a playbook with a range starting at 1e300',
    send: ({ http }) => http.admin.put('/v1/admin/playbooks/hostile', { ...playbook, fit: { ...playbook.fit, criteria: [profile, timeframe, { ...budget, ranges: [{ min: 1e300, points: 3 }] }] } }),
    issue: { path: 'fit.criteria.2.ranges.0.min', message: UNSAFE_MESSAGE },
  },
  {
    behaviour: 'a form whose number question has a max of 2^53 + 2',
    send: ({ http }) => http.admin.put('/v1/admin/forms/hostile', aDemoFormInput({ id: 'hostile', questions: [aQuestionInput('email', { required: true }), aQuestionInput('number', { max: UNSAFE })] })),
    issue: { path: 'questions.1.max', message: UNSAFE_MESSAGE },
  },
];

describe('input no DynamoDB item can hold is a 400 that stores nothing (local stack)', () => {
  let stack: LocalStack;
  let known: Known;

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    const leadId = await aVisitor(stack.http);
    const first = await stack.http.post('/v1/forms/demo-request/submissions', aStep(leadId));
    if (first.status !== 202) throw new Error(`the first step answered ${first.status}`);
    await stack.drainQueue();
    known = { http: stack.http, leadId };
  });

  afterAll(async () => {
    await stack.close();
  });

  it.each(named(rows))('refuses %s with 400, naming where', async (_, { send, issue }) => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await send(known);

    // Assess
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(400);
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
    const error = errorOf(response);
    expect(error.code).toBe('bad_request');
    expect(error.issues).toContainEqual({ path: expect.stringMatching(typeof issue.path === 'string' ? `^${issue.path.replace(/\./g, '\\.')}$` : issue.path), message: issue.message });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
