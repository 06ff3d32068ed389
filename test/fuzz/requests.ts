import fc from 'fast-check';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MAX_DEPTH } from '../../functions/core/issues.js';
import { MAX_BODY_BYTES } from '../../functions/http/framework/middleware/body-limit.js';
import type { Route } from '../../functions/http/framework/route.js';
import { ErrorOut } from '../../functions/http/wire.js';
import { badClientId, badLeadId, nonString } from '../helpers/bad-requests.js';
import { aPlaybookInput, aSpecFormInput } from '../helpers/factories.js';
import { ADMIN_TOKEN, adminHeaders, apiEvent, invoke, objectOf, type Api, type ApiResponse } from '../helpers/http.js';
import { aVisitor, publishDefaults, type LocalStack, type TableItem } from '../helpers/local-stack.js';

/**
 * Bad requests for every route of the route table, as an attacker would send them: wrong
 * methods and paths, bad JSON and content types, oversized, deep and hostile bodies, unsafe
 * numbers, bad ids, cursors, queries and tokens. Each must be answered 4xx in the SPEC's error
 * shape with `nosniff`, and store and queue nothing. Shared by test/fuzz and bench/fuzz.ts.
 */

/** What the generators aim at: real ids, so a bad request fails for its own fault alone. */
export interface FuzzTarget {
  /** Issued by `GET next` and stored by a first step: a lead the admin routes find. */
  leadId: string;
  /** A step and a page_view `leadId` already sent: what the reuse families send again, changed. */
  submissionId: string;
  eventId: string;
  now: Date;
}

export interface FuzzRequest {
  /** The route aimed at, as the route table writes it: `POST /v1/events`. */
  route: string;
  family: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  /** `undefined` removes a default header (content-type). */
  headers: Record<string, string | undefined>;
  /** Sent as is. */
  body?: string;
  isBase64Encoded?: boolean;
}

/** How figures and failures are grouped: `POST /v1/events · deep JSON`. */
export const familyKey = (request: Pick<FuzzRequest, 'route' | 'family'>): string => `${request.route} · ${request.family}`;


// ---------------------------------------------------------------- the target

/** Publishes the SPEC's playbook and forms, then makes the lead and the ids the families aim at. */
export const prepareTarget = async (stack: LocalStack): Promise<FuzzTarget> => {
  await publishDefaults(stack);
  const leadId = await aVisitor(stack.http);
  const submissionId = 'fuzz-first-step';
  const eventId = 'fuzz-first-event';
  const sent = [
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId, answers: { email: 'fuzz.target@example.com', company_size: '11-50' } }),
    await stack.http.post('/v1/events', { leadId, eventId, type: 'page_view' }),
  ];
  const refused = sent.find((response) => response.status !== 202);
  if (refused) throw new Error(`preparing the fuzz target answered ${refused.status}: ${JSON.stringify(refused.body)}`);
  await stack.drainQueue();
  return { leadId: String(objectOf(sent[0] as ApiResponse).leadId), submissionId, eventId, now: stack.clock.now() };
};

// ---------------------------------------------------------------- JSON surgery

type Json = Record<string, unknown>;
type Position = (string | number)[];

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value spliced into the JSON text as is: deep nesting, `1e999`, what JSON.stringify would not write. */
const RAW = /"@@raw:([A-Za-z0-9_-]*)@@"/g;
const raw = (text: string): string => `@@raw:${Buffer.from(text).toString('base64url')}@@`;
const serialize = (value: unknown): string => JSON.stringify(value).replace(RAW, (_, text: string) => Buffer.from(text, 'base64url').toString());

/** Every object in a value (the value itself first), where a key can be added. */
const objectsIn = (value: unknown, where: Position = []): Position[] => {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectsIn(item, [...where, i]));
  if (!isRecord(value)) return [];
  return [where, ...Object.entries(value).flatMap(([key, item]) => objectsIn(item, [...where, key]))];
};

/** Every place a value sits, containers included (but the root). */
const placesIn = (value: unknown, where: Position = []): Position[] => {
  const children = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : isRecord(value) ? Object.entries(value) : [];
  return children.flatMap(([key, item]) => [[...where, key], ...placesIn(item, [...where, key])]);
};

const at = (value: unknown, position: Position): unknown => position.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);

/** An own property, even `__proto__` (as JSON.parse makes it), so JSON.stringify writes it. */
const define = (target: object, key: string | number, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/** `value` added under `key` to one of the objects of `base`. */
const withKeyAt = (base: Json, n: number, key: string, value: unknown): string => {
  const copy = structuredClone(base);
  define(at(copy, pick(objectsIn(copy), n)) as object, key, value);
  return serialize(copy);
};

/** `value` in place of one of the values of `base` (`place`, or the nth), or added to it when it has none. */
const withValueAt = (base: Json, n: number, value: unknown, place: Position = pick(placesIn(base), n)): string => {
  const copy = structuredClone(base);
  if (placesIn(copy).length === 0) return withKeyAt(base, n, 'value', value);
  define(at(copy, place.slice(0, -1)) as object, place[place.length - 1] as string | number, value);
  return serialize(copy);
};

/** A copy of `base` with `value` at the path (dotted, or its keys), or without it when `undefined`: the route-specific bad fields. */
const changed = (base: Json, path: string | Position, value: unknown): Json => {
  const copy = structuredClone(base);
  const keys = typeof path === 'string' ? path.split('.') : path;
  const parent = at(copy, keys.slice(0, -1)) as Json;
  const last = String(keys[keys.length - 1]);
  if (value === undefined) Reflect.deleteProperty(parent, last);
  else define(parent, last, value);
  return copy;
};

// ---------------------------------------------------------------- values

const RESERVED = ['__proto__', 'constructor', 'prototype'] as const;

/** Nested MAX_DEPTH + 1 to thousands of levels, arrays or objects, always under 16 KiB by itself. */
const deepJson: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: MAX_DEPTH + 1, max: 6_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: MAX_DEPTH + 1, max: 2_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
);

/** Numbers DynamoDB cannot keep: beyond ±2^53 (the SDK refuses), nearer zero than 1e-130, or infinite once parsed. */
const unsafeNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 54, max: 1_000 }), fc.boolean()).map(([m, e, negative]) => (negative ? -1 : 1) * m * 2 ** e),
  fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 452, max: 1_074 })).map(([m, e]) => m * 2 ** -e).filter((n) => n !== 0 && n < 1e-130),
  fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '9007199254740993', '-9007199254740993', '1e-200').map(raw),
);

const nonJsonTypes = fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx', 'json');

const malformedJson = (valid: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat({ max: Math.max(0, valid.length - 1) }).map((cut) => valid.slice(0, cut)),
    fc.constantFrom('{', '}', '{"a":}', "{'a': 1}", '{"a": 1}}', 'NaN', 'undefined', '[1,]', '{"a": 01}', `\uFEFF${valid}`, `${valid}x`, '"\\x41"'),
    fc.string({ minLength: 1, maxLength: 40 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  );

/** Well-formed as a lead id, but never issued by this server. */
const madeUpLeadId = fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/);

const tag = fc.stringMatching(/^[a-z0-9]{12}$/);

/** Not one of the ids Winnow's documents use (a form's, a playbook's), encoded for a path. */
const badDocumentId = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 70 }),
    fc.stringMatching(/^[A-Z][A-Za-z]{0,10}$/),
    fc.stringMatching(/^[a-z0-9][a-z0-9_-]{64,90}$/),
    fc.constantFrom('-lead', '_x', '..', '.', 'constructor', 'prototype', 'a b', 'ü', '%00'),
  )
  .filter((id) => !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id) || ['constructor', 'prototype'].includes(id))
  .map(encodeURIComponent);

const badLeadIdInPath = badLeadId.filter((id): id is string => typeof id === 'string' && id.length > 0).map(encodeURIComponent);

const badAuthorization = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'Bearer', 'Bearer ', `Basic ${ADMIN_TOKEN}`, `bearer${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}x`, `Bearer ${ADMIN_TOKEN.slice(1)}`, `Token ${ADMIN_TOKEN}`),
  fc.string({ maxLength: 300 }).map((token) => `Bearer ${token}`),
);

const foreignOrigin = fc.constantFrom('https://evil.example.net', 'null', 'http://www.example.com', 'https://www.example.com.evil.net', 'javascript:alert(1)', 'https://WWW.EXAMPLE.COM');

// ---------------------------------------------------------------- each route's valid request

interface Shape {
  /** The path with its parameters filled in with ids that exist. */
  path: (target: FuzzTarget) => string;
  /** A body that parses, its ids made unique by `tag`: each family breaks it. */
  body?: (target: FuzzTarget, tag: string) => Json;
  /** A query that parses. */
  query?: (target: FuzzTarget) => Record<string, string>;
  /** Where the body holds a map keyed by the caller (answers, properties, points): the keys stored as they come. */
  maps?: string[];
}

const LINK_QUERY = (target: FuzzTarget): Record<string, string> => ({
  decision: 'accept',
  cycle: '1',
  exp: String(Math.floor(target.now.getTime() / 1000) + 86_400),
  sig: 'forged-signature-forged-signature-forged-signature',
});

const SHAPES: Record<string, Shape> = {
  'POST /v1/forms/{formId}/submissions': {
    path: () => '/v1/forms/demo-request/submissions',
    body: (t, id) => ({
      leadId: t.leadId,
      submissionId: `fz-${id}`,
      answers: { email: `fz.${id}@example.com`, company_size: '11-50', budget: 20_000 },
      context: { pageUrl: 'https://www.example.com/pricing', utm: { utm_source: 'fuzz' } },
    }),
    maps: ['answers', 'context.utm'],
  },
  'POST /v1/events': {
    path: () => '/v1/events',
    body: (t, id) => ({ leadId: t.leadId, eventId: `fz-${id}`, type: 'page_view', properties: { plan: 'pro', seats: 3 } }),
    maps: ['properties'],
  },
  'POST /v1/admin/events': {
    path: () => '/v1/admin/events',
    body: (t, id) => ({ events: [{ leadId: t.leadId, eventId: `fz-${id}`, type: 'webinar_attended', properties: { webinar: 'scoring-101', minutes: 45 } }] }),
    maps: ['events.0.properties'],
  },
  'PUT /v1/admin/playbooks/{id}': {
    path: () => '/v1/admin/playbooks/default',
    body: () => aPlaybookInput() as Json,
    maps: ['fit.criteria.0.points', 'fit.criteria.1.points', 'fit.grades', 'interest.events', 'interest.caps', 'interest.bands', 'routing', 'routing.A'],
  },
  'PUT /v1/admin/forms/{id}': { path: () => '/v1/admin/forms/demo-request', body: () => aSpecFormInput() as Json },
  'POST /v1/admin/leads/{leadId}/feedback': { path: (t) => `/v1/admin/leads/${t.leadId}/feedback`, body: () => ({ decision: 'accept' }) },
  'GET /v1/forms/{formId}/next': { path: () => '/v1/forms/demo-request/next', query: () => ({}) },
  'GET /v1/admin/leads': { path: () => '/v1/admin/leads', query: () => ({ stage: 'MQL' }) },
  'GET /v1/admin/reports/funnel': { path: () => '/v1/admin/reports/funnel', query: () => ({}) },
  'GET /v1/admin/forms/{id}': { path: () => '/v1/admin/forms/demo-request', query: () => ({}) },
  'GET /v1/admin/playbooks/{id}': { path: () => '/v1/admin/playbooks/default', query: () => ({}) },
  'GET /v1/feedback/{leadId}': { path: (t) => `/v1/feedback/${t.leadId}`, query: LINK_QUERY },
  'POST /v1/feedback/{leadId}': { path: (t) => `/v1/feedback/${t.leadId}`, query: LINK_QUERY },
};

const keyOf = (route: Route): string => `${route.method} ${route.path}`;

/** A route the table has but this module does not know: its parameters filled with plausible ids. */
const fallbackPath = (route: Route, target: FuzzTarget): string =>
  route.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'leadId' ? target.leadId : name === 'formId' ? 'demo-request' : 'default'));

// ---------------------------------------------------------------- families

type Family = fc.Arbitrary<FuzzRequest>;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;

/** As the router matches: each `{parameter}` one segment, an optional trailing slash. */
const matcher = (template: string): RegExp => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);

interface Table {
  /** Every method some route of the table answers on this path, preflights and HEADs included. */
  methodsAt: (path: string) => Set<string>;
}

const tableOf = (routes: readonly Route[]): Table => ({
  methodsAt: (path) => {
    const methods = new Set<string>();
    for (const route of routes.filter((r) => matcher(r.path).test(path))) {
      methods.add(route.method);
      if (route.access === 'public' && route.method !== 'GET') methods.add('OPTIONS');
      if (route.access === 'open' && route.method === 'GET') methods.add('HEAD');
    }
    return methods;
  },
});

const familiesOf = (route: Route, table: Table, target: FuzzTarget): Record<string, Family> => {
  const key = keyOf(route);
  const shape = SHAPES[key];
  const path = shape?.path(target) ?? fallbackPath(route, target);
  const query = shape?.query?.(target) ?? (route.query ? {} : undefined);
  const auth = route.access === 'admin' ? adminHeaders() : {};
  const request = (family: string, overrides: Partial<FuzzRequest> = {}): FuzzRequest => ({
    route: key,
    family,
    method: route.method,
    path,
    ...(query ? { query } : {}),
    headers: { ...auth },
    ...overrides,
  });
  const families: Record<string, Family> = {};
  const add = (family: string, arbitrary: fc.Arbitrary<Partial<FuzzRequest>>): void => {
    families[family] = arbitrary.map((overrides) => request(family, overrides));
  };

  // Every route: another method, another path.
  const wrongMethods = METHODS.filter((method) => !table.methodsAt(path).has(method));
  add('wrong method', fc.constantFrom(...wrongMethods).map((method) => ({ method })));
  add(
    'path the API does not have',
    fc
      .oneof(
        fc.stringMatching(/^[a-z0-9_-]{1,12}$/).map((segment) => `${path}/${segment}`),
        fc.constantFrom(`${path}//`, `//${path}`, path.toUpperCase(), `${path}%2F`, `${path}/..`, `/v2${path}`, `${path}.json`, `${path};x`),
      )
      // A path another route answers with this method would be a good request, not a bad one.
      .filter((candidate) => candidate !== path && !table.methodsAt(candidate).has(route.method))
      .map((candidate) => ({ path: candidate })),
  );
  const paramsIn = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  for (const name of paramsIn) {
    const bad = name === 'leadId' ? badLeadIdInPath : badDocumentId;
    add(`bad ${name} in the path`, bad.map((value) => ({ path: route.path.replace(`{${name}}`, value).replace(/\{([^}]+)\}/g, (_, other: string) => (other === 'leadId' ? target.leadId : 'default')) })));
  }
  if (paramsIn.includes('leadId')) {
    add('made-up leadId', madeUpLeadId.map((leadId) => ({ path: route.path.replace('{leadId}', leadId) })));
  }
  if (paramsIn.includes('formId')) {
    add('unknown form', fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{3,20}$/), fc.option(foreignOrigin, { nil: undefined }), tag).map(([formId, origin, id]) => ({
      path: route.path.replace('{formId}', `no-${formId}`),
      ...(shape?.body ? { body: serialize(shape.body(target, id)) } : {}),
      headers: { ...auth, ...(origin ? { origin } : {}) },
    })));
  }

  // Who may call.
  if (route.access === 'admin') {
    add('bad admin token', fc.tuple(badAuthorization, tag).map(([authorization, id]) => ({
      headers: { authorization },
      ...(shape?.body ? { body: serialize(shape.body(target, id)) } : {}),
    })));
  }
  if (route.access === 'public') {
    add('foreign origin', fc.tuple(foreignOrigin, fc.boolean(), tag).map(([origin, preflight, id]) => ({
      headers: { origin, ...(preflight ? { 'access-control-request-method': 'POST' } : {}) },
      ...(preflight && route.method !== 'GET' ? { method: 'OPTIONS' } : shape?.body ? { body: serialize(shape.body(target, id)) } : {}),
    })));
  }

  // The query.
  if (route.query && query) {
    add('reserved query key', fc.tuple(fc.constantFrom(...RESERVED), fc.string({ maxLength: 20 })).map(([name, value]) => ({ query: { ...query, [name]: value } })));
    for (const [family, values] of Object.entries(badQueries(key, query))) add(family, values.map((bad) => ({ query: bad })));
  }
  if (key === 'GET /v1/feedback/{leadId}' || key === 'POST /v1/feedback/{leadId}') {
    add('forged link', fc.string({ minLength: 1, maxLength: 200 }).map((sig) => ({ query: { ...LINK_QUERY(target), sig }, ...(route.method === 'POST' ? { body: 'reason=fz', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) })));
  }

  // The body.
  if (route.body && route.bodyFormat === 'form') {
    add('not a form body', fc.jsonValue({ maxDepth: 2 }).map((value) => ({ body: JSON.stringify(value) || '{}', headers: { 'content-type': 'application/json' } })));
    add('reserved form field', fc.constantFrom(...RESERVED).map((name) => ({ body: `${name}=x&reason=fz`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })));
    add('over 16 KiB', fc.integer({ min: MAX_BODY_BYTES + 1, max: 3 * MAX_BODY_BYTES }).map((n) => ({ body: `reason=${'r'.repeat(n)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })));
  } else if (route.body) {
    const base = (id: string): Json => shape?.body?.(target, id) ?? {};
    const body = (family: string, make: (id: string) => fc.Arbitrary<string>) => add(family, tag.chain(make).map((text) => ({ body: text })));
    body('deep JSON', (id) => fc.tuple(fc.nat(), deepJson, fc.boolean()).map(([n, deep, replace]) => (replace ? withValueAt(base(id), n, raw(deep)) : withKeyAt(base(id), n, 'nested', raw(deep)))));
    body('deep JSON body', () => deepJson);
    body('reserved key', (id) => fc.tuple(fc.nat(), fc.constantFrom(...RESERVED), fc.jsonValue({ maxDepth: 2 })).map(([n, name, value]) => withKeyAt(base(id), n, name, value)));
    body('unsafe number', (id) => fc.tuple(fc.nat(), unsafeNumber, fc.boolean()).map(([n, value, replace]) => (replace ? withValueAt(base(id), n, value) : withKeyAt(base(id), n, 'amount', value))));
    const numbers = (id: string) => placesIn(base(id)).filter((place) => typeof at(base(id), place) === 'number');
    if (numbers('x').length > 0) {
      body('unsafe number where a number goes', (id) => fc.tuple(fc.nat(), unsafeNumber).map(([n, value]) => withValueAt(base(id), 0, value, pick(numbers(id), n))));
    }
    const maps = shape?.maps ?? [];
    if (maps.length > 0) {
      body('reserved key in a map', (id) =>
        fc.tuple(fc.constantFrom(...maps), fc.constantFrom(...RESERVED), fc.oneof(fc.integer({ min: 1, max: 5 }), fc.string({ maxLength: 10 }), fc.constant({ name: 'Set' }))).map(([map, name, value]) => {
          const copy = structuredClone(base(id));
          define(at(copy, map.split('.')) as object, name, value);
          return serialize(copy);
        }),
      );
    }
    body('not an object', () => fc.jsonValue({ maxDepth: 2 }).filter((value) => !isRecord(value)).map((value) => JSON.stringify(value)));
    body('malformed JSON', (id) => malformedJson(serialize(base(id))));
    add('not JSON', fc.tuple(nonJsonTypes, tag).map(([type, id]) => ({ body: serialize(base(id)), headers: { ...auth, 'content-type': type } })));
    body('over 16 KiB', (id) =>
      fc.tuple(fc.integer({ min: MAX_BODY_BYTES + 1, max: 3 * MAX_BODY_BYTES }), fc.constantFrom('x', '€')).map(([bytes, unit]) =>
        serialize({ ...base(id), padding: unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))) }),
      ),
    );
    add('base64 garbage', fc.tuple(tag.chain((id) => malformedJson(serialize(base(id)))), fc.boolean()).map(([text, encode]) => ({
      body: encode ? Buffer.from(text).toString('base64') : `%%${text}`,
      isBase64Encoded: true,
    })));
    if (shape?.body) {
      for (const [family, arbitrary] of Object.entries(badBodies(key, target))) body(family, (id) => arbitrary.map((mutate) => serialize(mutate(base(id)))));
    }
  }
  return families;
};

/** Route by route, what breaks a valid query. */
const badQueries = (key: string, valid: Record<string, string>): Record<string, fc.Arbitrary<Record<string, string>>> => {
  const withParam = (name: string, values: fc.Arbitrary<string>) => values.map((value) => ({ ...valid, [name]: value }));
  // What z.coerce.number() reads as a whole number of 1 or more (' 7 ', '0x10', '7e0') is a good value, not a bad one.
  const positiveInt = (s: string): boolean => Number.isSafeInteger(Number(s)) && Number(s) >= 1;
  const notPositiveInt = fc.oneof(fc.constantFrom('0', '-1', '1.5', 'abc', '1e400', '', ' ', '9007199254740993', 'Infinity', 'NaN'), fc.string({ maxLength: 10 })).filter((s) => !positiveInt(s));
  const notADate = fc.oneof(fc.constantFrom('2025-13-01', '2025-02-30', 'yesterday', '1 March 2025', '2025-03-01T25:00:00Z', '20250301', '0', ''), fc.string({ maxLength: 20 }).filter((s) => Number.isNaN(Date.parse(s))));
  switch (key) {
    case 'GET /v1/forms/{formId}/next':
      return { 'leadId over 200 characters': withParam('leadId', fc.integer({ min: 201, max: 3_000 }).map((n) => 'L'.repeat(n))) };
    case 'GET /v1/admin/forms/{id}':
    case 'GET /v1/admin/playbooks/{id}':
      return { 'bad version': withParam('version', notPositiveInt), 'unknown version': withParam('version', fc.integer({ min: 1_000, max: 1_000_000 }).map(String)) };
    case 'GET /v1/admin/leads':
      return {
        'bad stage': fc.oneof(fc.constant({}), withParam('stage', fc.string({ maxLength: 10 }).filter((s) => !['lead', 'MQL', 'SAL', 'SQL', 'nurture'].includes(s)))),
        'bad limit': withParam('limit', fc.oneof(notPositiveInt, fc.integer({ min: 101, max: 1_000_000 }).map(String))),
        'bad cursor': withParam('cursor', fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.base64String({ minLength: 4, maxLength: 200 }), fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')), fc.integer({ min: 2_001, max: 5_000 }).map((n) => 'c'.repeat(n)))),
      };
    case 'GET /v1/admin/reports/funnel':
      return {
        'bad period': fc.oneof(withParam('from', notADate), withParam('to', notADate)),
        'bad attribution': withParam('attribution', fc.string({ maxLength: 12 }).filter((s) => s !== 'first' && s !== 'last')),
        'period ending before it starts': fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).chain((to) =>
          fc.integer({ min: 1, max: 10_000 }).map((days) => ({ from: new Date(to.getTime() + days * 86_400_000).toISOString(), to: to.toISOString() })),
        ),
      };
    case 'GET /v1/feedback/{leadId}':
    case 'POST /v1/feedback/{leadId}':
      return {
        'bad link query': fc.oneof(
          fc.constantFrom('decision', 'cycle', 'exp', 'sig').map((missing) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== missing))),
          withParam('decision', fc.string({ maxLength: 10 }).filter((s) => !['accept', 'reject'].includes(s))),
          withParam('cycle', notPositiveInt),
          withParam('exp', notPositiveInt),
          withParam('sig', fc.integer({ min: 201, max: 400 }).map((n) => 's'.repeat(n))),
        ),
      };
    default:
      return {};
  }
};

type Mutation = (body: Json) => Json;
const set = (path: string, values: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> => values.map((value) => (body: Json) => changed(body, path, value));
const drop = (path: string): fc.Arbitrary<Mutation> => fc.constant((body: Json) => changed(body, path, undefined));
const unknownKey = (path: string, known: readonly string[]): fc.Arbitrary<Mutation> =>
  fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !known.includes(k) && !RESERVED.includes(k as (typeof RESERVED)[number])), fc.jsonValue({ maxDepth: 1 })).map(
    ([name, value]) => (body: Json) => changed(body, [...(path ? path.split('.') : []), name], value),
  );

/** Route by route, the fields a valid body can get wrong. */
const badBodies = (key: string, target: FuzzTarget): Record<string, fc.Arbitrary<Mutation>> => {
  const future = (ms: number) => new Date(target.now.getTime() + ms).toISOString();
  const badAt = fc.oneof(fc.integer({ min: 120_000, max: 10 * 365 * 86_400_000 }).map(future), fc.constantFrom('yesterday', '2025-02-30T10:00:00Z', '2025-03-01', '2025-03-01T12:00:00'), nonString);
  const badProperties = fc.oneof(
    fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 10 }), fc.array(fc.integer(), { maxLength: 3 })),
    fc.integer({ min: 51, max: 80 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]))),
    fc.integer({ min: 65, max: 120 }).map((n) => ({ ['k'.repeat(n)]: 'v' })),
    fc.oneof(fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 })).map((value) => ({ nested: value })),
    fc.integer({ min: 1_001, max: 4_000 }).map((n) => ({ note: 'n'.repeat(n) })),
  );
  const nonPublicType = fc.oneof(fc.constantFrom('webinar_attended', 'email_click', 'form_submission', 'tea_drunk'), fc.string({ maxLength: 70 }).filter((s) => !/^[a-z][a-z0-9_]{0,63}$/.test(s)), nonString);
  switch (key) {
    case 'POST /v1/forms/{formId}/submissions': {
      const fields = ['email', 'company_size', 'role', 'timeframe', 'budget'];
      return {
        'bad submissionId': set('submissionId', badClientId),
        'bad leadId': set('leadId', badLeadId),
        'made-up leadId': set('leadId', madeUpLeadId),
        'no submissionId': drop('submissionId'),
        'unknown key': unknownKey('', ['leadId', 'submissionId', 'answers', 'context', '_hp']),
        'answers not an object': set('answers', fc.oneof(nonString.filter((v) => !isRecord(v)), fc.array(fc.string(), { maxLength: 2 }))),
        'bad answer': fc.oneof(
          set('answers.email', fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('@')), fc.integer(), fc.boolean())),
          set('answers.company_size', fc.oneof(fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '' && !['1-10', '11-50', '51-200', '201+'].includes(s)), fc.integer())),
          set('answers.budget', fc.oneof(fc.integer({ max: -1 }), fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/^\s*-?\d*\.?\d*\s*$/.test(s)), fc.boolean())),
        ),
        'unknown field': unknownKey('answers', fields),
        'blank required email, new lead': fc.constantFrom('', '   ', null).map((email) => (body: Json) => ({ submissionId: body.submissionId, answers: { email, company_size: '1-10' } })),
        'bad context': set('context', fc.oneof(nonString.filter((v) => !isRecord(v)), fc.record({ pageUrl: fc.integer({ min: 2_049, max: 4_000 }).map((n) => 'x'.repeat(n)) }), fc.record({ utm: fc.constant({ source: 'x' }) }), fc.record({ ref: fc.string() }))),
        'bad honeypot': set('_hp', fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.integer({ min: 1_001, max: 3_000 }).map((n) => 'h'.repeat(n)))),
        // The same lead, its own step's id, other answers: SPEC 409 idempotency_key_reused.
        'reused submissionId, other answers': fc.constant((body: Json) => ({ ...body, leadId: target.leadId, submissionId: target.submissionId })),
      };
    }
    case 'POST /v1/events':
      return {
        'bad eventId': set('eventId', badClientId),
        'bad leadId': set('leadId', badLeadId),
        'made-up leadId': set('leadId', madeUpLeadId),
        'missing field': fc.constantFrom('leadId', 'eventId', 'type').chain(drop),
        'type not public': set('type', nonPublicType),
        'bad at': set('at', badAt),
        'bad properties': set('properties', badProperties),
        'unknown key': unknownKey('', ['leadId', 'eventId', 'type', 'at', 'properties']),
        'reused eventId, another type': fc.constant((body: Json) => ({ ...body, leadId: target.leadId, eventId: target.eventId, type: 'pricing_view' })),
      };
    case 'POST /v1/admin/events':
      return {
        'events not a list of 1 to 100': set('events', fc.oneof(fc.constant([]), nonString, fc.integer({ min: 101, max: 130 }).map((n) => Array.from({ length: n }, (_, i) => ({ leadId: target.leadId, eventId: `e${i}`, type: 'email_open' }))))),
        'bad event': fc.oneof(
          set('events.0.eventId', badClientId),
          set('events.0.leadId', badLeadId),
          set('events.0.email', fc.oneof(fc.constant('fuzz@example.com'), fc.string({ maxLength: 20 }))),
          set('events.0.type', fc.oneof(fc.constantFrom('tea_drunk', 'Page View'), nonString)),
          set('events.0.at', badAt),
          set('events.0.properties', badProperties),
          drop('events.0.leadId'),
        ),
        'made-up leadId': set('events.0.leadId', madeUpLeadId),
        'unknown key': fc.oneof(unknownKey('', ['events']), unknownKey('events.0', ['leadId', 'email', 'eventId', 'type', 'at', 'properties'])),
        'reused eventId, another type': fc.constant((body: Json) => changed(body, 'events.0.eventId', target.eventId)),
        'one eventId twice, other types': fc.constant((body: Json) => ({ events: [...(body.events as Json[]), { ...(body.events as Json[])[0], type: 'email_open' }] })),
      };
    case 'PUT /v1/admin/playbooks/{id}': {
      const interest = aPlaybookInput().interest;
      return {
        'uncapped public event': fc.constantFrom(...(interest.publicEvents ?? [])).map((type) => (body: Json) => changed(body, `interest.caps`, Object.fromEntries(Object.entries(interest.caps ?? {}).filter(([capped]) => capped !== type)))),
        'id not the path’s': set('id', fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((id) => id !== 'default')),
        'bad playbook': fc.oneof(
          set('fit.grades', fc.constant({ C: 4, B: 7, A: 10 })),
          set('routing.B', fc.constant({ hot: 'sales', warm: 'sales' })),
          set('interest.caps.page_view', fc.oneof(fc.constant(0), fc.integer({ max: -1 }), nonString.filter((value) => typeof value !== 'number'))),
          set('interest.halfLifeDays', fc.oneof(fc.constant(0), fc.integer({ max: -1 }))),
          set('fit.criteria', fc.constant([{ id: 'size', field: 'Company size', points: { a: 1 } }])),
          set('notify.email', fc.constant(['sales team'])),
          set('interest.publicEvents', fc.constant(['video_play'])),
        ),
        'unknown key': fc.oneof(unknownKey('', ['$schema', 'id', 'fit', 'interest', 'routing', 'notify', 'sla', 'recycle', 'version', 'publishedAt']), unknownKey('fit', ['criteria', 'grades'])),
      };
    }
    case 'PUT /v1/admin/forms/{id}':
      return {
        'id not the path’s': set('id', fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((id) => id !== 'demo-request')),
        'playbook not published': set('playbook', fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((id) => id !== 'default')),
        'bad form': fc.oneof(
          set('questionsPerStep', fc.oneof(fc.constant(0), fc.integer({ min: 21, max: 1_000 }), nonString.filter((value) => typeof value !== 'number'))),
          set('questions', fc.constant([])),
          set('questions.0.id', fc.oneof(fc.constantFrom('Email', '2nd', 'first-name', 'constructor'), nonString)),
          set('questions.0.type', fc.constantFrom('date', 'file', '')),
          set('questions.1.options', fc.constant([])),
          set('questions.3.askIf', fc.constant({ field: 'budget', answered: true })),
          set('allowedOrigins', fc.constant(['https://www.example.com/pricing'])),
        ),
        'unknown key': fc.oneof(unknownKey('', ['$schema', 'id', 'title', 'playbook', 'questionsPerStep', 'handRaiser', 'thankYou', 'allowedOrigins', 'questions', 'submitLabel', 'thankYouUrl', 'version', 'publishedAt'])),
      };
    case 'POST /v1/admin/leads/{leadId}/feedback':
      return {
        // The target never qualified: sales can neither accept, return nor convert it (409).
        'decision its stage does not allow': fc.constantFrom({ decision: 'accept' }, { decision: 'convert' }, { decision: 'reject', reason: 'not ready' }).map((decision) => () => decision),
        'bad decision': set('decision', fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !['accept', 'reject', 'convert', 'attempt'].includes(s)), nonString)),
        'bad reason': set('reason', fc.oneof(fc.constantFrom('', '   '), fc.integer({ min: 501, max: 2_000 }).map((n) => 'r'.repeat(n)), nonString)),
        'unknown key': unknownKey('', ['decision', 'reason', 'channel', 'note', 'rep']),
      };
    default:
      return {};
  }
};

/**
 * Bad requests across every route of `routes`, each route equally often. `skip` leaves out
 * families by `familyKey` (the test leaves out `AWAITING_LEAD_CHANGES`).
 */
export const badRequests = (routes: readonly Route[], target: FuzzTarget): fc.Arbitrary<FuzzRequest> => {
  const table = tableOf(routes);
  return fc.oneof(...routes.map((route) => fc.oneof(...Object.values(familiesOf(route, table, target)))));
};

/** Every family the generators know, as `familyKey`s: what a test checks it covered. */
export const familyKeys = (routes: readonly Route[], target: FuzzTarget): string[] => {
  const table = tableOf(routes);
  return routes.flatMap((route) => Object.keys(familiesOf(route, table, target)).map((family) => familyKey({ route: keyOf(route), family })));
};

export const routeKeyOf = keyOf;

// ---------------------------------------------------------------- sending and judging

export const toEvent = (request: FuzzRequest): APIGatewayProxyEventV2 => {
  const event = apiEvent(request.method, request.path, {
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.query ? { query: request.query } : {}),
  });
  return request.isBase64Encoded ? { ...event, isBase64Encoded: true } : event;
};

/** The confirmation pages of the links in notifications answer people with HTML, their errors too. */
const answersPeople = (request: FuzzRequest): boolean => request.route.endsWith(' /v1/feedback/{leadId}');

/** What is wrong with an answer to a bad request; empty when it is the SPEC's refusal. */
export const problemsOf = (request: FuzzRequest, response: ApiResponse): string[] => {
  const problems: string[] = [];
  if (response.status < 400 || response.status > 499) problems.push(`answered ${response.status}`);
  if (response.headers['x-content-type-options'] !== 'nosniff') problems.push('no x-content-type-options: nosniff');
  const type = response.headers['content-type'] ?? '';
  if (type.startsWith('text/html') && answersPeople(request)) return problems;
  if (!type.startsWith('application/json')) problems.push(`content-type ${type || 'missing'}`);
  else if (!ErrorOut.safeParse(response.body).success) problems.push(`not the SPEC's error shape: ${JSON.stringify(response.body).slice(0, 200)}`);
  return problems;
};

export interface Tally {
  tried: number;
  '4xx': number;
  '5xx': number;
  /** 1xx–3xx: a bad request taken as a good one. */
  other: number;
  stored: number;
}

export interface Failure {
  request: FuzzRequest;
  problems: string[];
}

export interface FuzzReport {
  total: Tally;
  byFamily: Map<string, Tally>;
  byRoute: Map<string, Tally>;
  failures: Failure[];
}

const aTally = (): Tally => ({ tried: 0, '4xx': 0, '5xx': 0, other: 0, stored: 0 });

/** What changed between two dumps, as text a request's own ids can be looked for in. */
const changesBetween = (before: readonly TableItem[], after: readonly TableItem[]): string[] => {
  const keyed = (items: readonly TableItem[]) => new Map(items.map((item) => [`${String(item.PK)}|${String(item.SK)}`, JSON.stringify(item)]));
  const [was, is] = [keyed(before), keyed(after)];
  return [...new Set([...was.keys(), ...is.keys()])].filter((key) => was.get(key) !== is.get(key)).map((key) => is.get(key) ?? `deleted ${key}`);
};

/** The request's own ids (a made-up leadId, a fresh eventId), not the target's (nor a cut one): how a change is traced to it. */
const traces = (request: FuzzRequest, shared: readonly string[]): string[] =>
  [...`${request.path} ${request.body ?? ''}`.matchAll(/fz-[a-z0-9]{12}|[A-Za-z0-9_-]{22,64}/g)]
    .map((match) => match[0])
    .filter((id) => !shared.some((known) => known.includes(id) || id.includes(known)));

/** local-aws-sqs hands out what was just sent on its next 10 ms tick: look twice after a request that may have queued. */
const SQS_TICK_MS = 25;

export interface FuzzStack {
  api: Api;
  dumpTable: LocalStack['dumpTable'];
  drainQueue: LocalStack['drainQueue'];
}

/**
 * Sends the requests one after another, comparing the table and draining the queue after
 * every answer that is not a 4xx (it may have stored something) and once per `batchSize`
 * requests otherwise. What changed is traced to the requests since the last look by their own
 * ids, else to the one answered 2xx or 5xx, else by sending each of them again alone.
 */
export const runFuzz = async (stack: FuzzStack, target: FuzzTarget, requests: readonly FuzzRequest[], { batchSize = 100 }: { batchSize?: number } = {}): Promise<FuzzReport> => {
  const shared = [target.leadId, target.submissionId, target.eventId];
  const report: FuzzReport = { total: aTally(), byFamily: new Map(), byRoute: new Map(), failures: [] };
  const tallies = (request: FuzzRequest): Tally[] => {
    for (const [map, key] of [[report.byFamily, familyKey(request)], [report.byRoute, request.route]] as const) if (!map.has(key)) map.set(key, aTally());
    return [report.total, report.byFamily.get(familyKey(request)) as Tally, report.byRoute.get(request.route) as Tally];
  };
  const markStored = (request: FuzzRequest, what: string): void => {
    for (const tally of tallies(request)) tally.stored += 1;
    report.failures.push({ request, problems: [`stored or queued: ${what.slice(0, 300)}`] });
  };
  let before = await stack.dumpTable();
  const changesSinceBefore = async (lookTwice = false): Promise<string[]> => {
    const after = await stack.dumpTable();
    const queued = await stack.drainQueue();
    if (lookTwice) {
      await new Promise((resolve) => setTimeout(resolve, SQS_TICK_MS));
      queued.push(...(await stack.drainQueue()));
    }
    const changes = [...changesBetween(before, after), ...queued.map((message) => `queued ${message.Body ?? ''}`)];
    before = after;
    return changes;
  };

  let sinceLook: FuzzRequest[] = [];
  for (const [index, request] of requests.entries()) {
    const response = await invoke(stack.api, toEvent(request));
    for (const tally of tallies(request)) {
      tally.tried += 1;
      tally[response.status >= 500 ? '5xx' : response.status >= 400 ? '4xx' : 'other'] += 1;
    }
    const problems = problemsOf(request, response);
    if (problems.length > 0) report.failures.push({ request, problems });
    sinceLook.push(request);
    const refused = response.status >= 400 && response.status < 500;
    if (refused && sinceLook.length < batchSize && index < requests.length - 1) continue;

    const changes = await changesSinceBefore(!refused);
    if (changes.length > 0) {
      const tracedTo = (candidate: FuzzRequest) => changes.find((change) => traces(candidate, shared).some((id) => change.includes(id)));
      const traced = sinceLook.filter((candidate) => tracedTo(candidate) !== undefined);
      if (traced.length > 0) for (const candidate of traced) markStored(candidate, tracedTo(candidate) ?? '');
      else if (!refused) markStored(request, changes[0] ?? '');
      else {
        // Refused requests, none named in what changed: send each again alone and watch.
        const culprits: FuzzRequest[] = [];
        for (const candidate of sinceLook) {
          await invoke(stack.api, toEvent(candidate));
          const again = await changesSinceBefore(true);
          if (again.length > 0) {
            markStored(candidate, again[0] ?? '');
            culprits.push(candidate);
          }
        }
        if (culprits.length === 0) report.failures.push({ request, problems: [`stored or queued, by one of the ${sinceLook.length} requests before it: ${changes.join('; ').slice(0, 300)}`] });
      }
    }
    sinceLook = [];
  }
  return report;
};

/** A failure as one line a person can replay. */
export const describeFailure = ({ request, problems }: Failure): string =>
  `${familyKey(request)}: ${problems.join('; ')} ← ${request.method} ${request.path}${request.query ? `?${new URLSearchParams(request.query).toString().slice(0, 120)}` : ''} ${request.body === undefined ? '' : request.body.slice(0, 160)}`;
