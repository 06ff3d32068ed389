import { randomBytes } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { z } from 'zod';
import { createAdapters } from '../../functions/adapters/clients.js';
import { readConfig, type Config } from '../../functions/adapters/config.js';
import { keys } from '../../functions/adapters/dynamodb/dynamodb-store.js';
import { createLeadIds, type LeadIds } from '../../functions/adapters/lead-ids.js';
import { createMemoryStore } from '../../functions/adapters/memory/memory-store.js';
import type { DocumentKind, Store } from '../../functions/app/ports/store.js';
import type { LeadRecord } from '../../functions/core/lead-record.js';
import type { Lookup } from '../../functions/adapters/webhook-sender.js';
import { webhookUrlPolicy } from '../../functions/http/dependencies.js';
import type { Dependencies } from '../../functions/http/framework/route.js';
import { logger } from '../../functions/app/logger.js';
import { NOW } from './factories.js';

// Errors we cause are logged on purpose; in a test run they would bury the report.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
logger.setLogLevel((process.env.WINNOW_TEST_LOG_LEVEL as 'SILENT' | undefined) ?? 'SILENT');

/** The admin token every test stack and every mocked dependency expects. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const adminHeaders = (token: string = ADMIN_TOKEN): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The host the API answers on in tests: not an origin any form lists. */
export const API_HOST = 'api.winnow.test';

/** What API Gateway's HTTP API hands the Lambda; both hosts send the same. */
export type Api = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
export type Scorer = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface ApiEventOptions {
  /** A string is sent as-is (malformed JSON, oversize bodies); anything else as JSON. */
  body?: unknown;
  /** `undefined` removes a default header (`content-type`, `host`). */
  headers?: Record<string, string | undefined>;
  query?: Record<string, string>;
  sourceIp?: string;
}

/** An API Gateway v2 (HTTP API, payload 2.0) event, as the `$default` route delivers it. */
export const apiEvent = (method: string, path: string, { body, headers = {}, query, sourceIp = '203.0.113.10' }: ApiEventOptions = {}): APIGatewayProxyEventV2 => {
  const [rawPath = path, inlineQuery = ''] = path.split('?');
  const search = new URLSearchParams(inlineQuery);
  for (const [name, value] of Object.entries(query ?? {})) search.set(name, value);
  const queryStringParameters = search.size > 0 ? Object.fromEntries(search) : undefined;
  const defaults: Record<string, string> = { host: API_HOST, 'user-agent': 'vitest', ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const merged = Object.entries({ ...defaults, ...headers }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: search.toString(),
    headers: Object.fromEntries(merged),
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'winnow',
      domainName: API_HOST,
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp, userAgent: 'vitest' },
      requestId: `request-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: '01/Mar/2025:12:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    isBase64Encoded: false,
  };
};

/** A Lambda context: enough for middy and Powertools' batch processor. */
export const lambdaContext = (functionName = 'winnow-api'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: 'request-id',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface ApiResponse {
  status: number;
  /** Header names lower-cased, as both hosts send them. */
  headers: Record<string, string>;
  /** The body parsed as JSON (a page's HTML as text, base64-encoded bytes as a Buffer); `undefined` when there is none. */
  body: unknown;
}

/** Calls the Lambda handler in process, the way API Gateway would. */
export const invoke = async (api: Api, event: APIGatewayProxyEventV2): Promise<ApiResponse> => {
  const result = await api(event, lambdaContext());
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const isJson = !headers['content-type'] || headers['content-type'].includes('json');
  const text = result.body && isJson ? (JSON.parse(result.body) as unknown) : result.body || undefined;
  const body = result.body && result.isBase64Encoded ? Buffer.from(result.body, 'base64') : text;
  return { status: result.statusCode ?? 200, headers, body };
};

/** Short forms for the calls tests make most. */
export const apiClient = (api: Api) => ({
  send: (method: string, path: string, options: ApiEventOptions = {}) => invoke(api, apiEvent(method, path, options)),
  get: (path: string, options: ApiEventOptions = {}) => invoke(api, apiEvent('GET', path, options)),
  post: (path: string, body: unknown, options: ApiEventOptions = {}) => invoke(api, apiEvent('POST', path, { ...options, body })),
  put: (path: string, body: unknown, options: ApiEventOptions = {}) => invoke(api, apiEvent('PUT', path, { ...options, body })),
  admin: {
    get: (path: string, options: ApiEventOptions = {}) => invoke(api, apiEvent('GET', path, { ...options, headers: { ...adminHeaders(), ...options.headers } })),
    post: (path: string, body: unknown, options: ApiEventOptions = {}) =>
      invoke(api, apiEvent('POST', path, { ...options, body, headers: { ...adminHeaders(), ...options.headers } })),
    put: (path: string, body: unknown, options: ApiEventOptions = {}) =>
      invoke(api, apiEvent('PUT', path, { ...options, body, headers: { ...adminHeaders(), ...options.headers } })),
  },
});
export type ApiClient = ReturnType<typeof apiClient>;

/**
 * The SPEC's error shape, written from the SPEC (not imported from the code under test):
 * strict, so a stack trace or an SDK message slipped in beside it fails the test.
 */
export const SpecError = z.strictObject({
  error: z.strictObject({
    code: z.string().min(1),
    message: z.string().min(1),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string().min(1) })).optional(),
  }),
});
export type SpecError = z.output<typeof SpecError>;

/** The body as the SPEC's error; throws (failing the test) when it is not one. */
export const errorOf = (response: ApiResponse): SpecError['error'] => SpecError.parse(response.body).error;

/** The paths of a 400's issues, e.g. `['answers.email']`. */
export const issuePaths = (response: ApiResponse): string[] => (errorOf(response).issues ?? []).map((issue) => issue.path);

/** A JSON object body, for reading fields of a 2xx answer. */
export const objectOf = (response: ApiResponse): Record<string, unknown> => z.record(z.string(), z.unknown()).parse(response.body);

// ---------------------------------------------------------------- dependencies

/** A clock a test moves by hand: the API and the scorer read time only from it. */
export interface Clock {
  now: () => Date;
  set: (at: Date) => void;
  advance: (ms: number) => Date;
}

export const aClock = (start: Date = NOW): Clock => {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
      return new Date(current);
    },
  };
};

/** The key tests sign lead ids and feedback links with. */
export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdef0123';

/** Lead ids as the server issues them (signed with the test key), predictable within a run. */
export const aLeadIdSource = (secret = TEST_LINK_SECRET): LeadIds => {
  let issued = 0;
  return createLeadIds(secret, (size) => {
    const bytes = Buffer.alloc(size);
    bytes.writeUInt32BE((issued += 1), size - 4);
    return bytes;
  });
};

/** Unique client-made ids (submissionId, eventId) and emails, so tests sharing a table never collide. */
export const uniqueIds = () => {
  let n = 0;
  return {
    id: (prefix: string) => `${prefix}-${(n += 1)}`,
    email: (name = 'lead') => `${name}.${(n += 1)}@example.com`,
  };
};

export type UniqueIds = ReturnType<typeof uniqueIds>;

export const testConfig = (env: Record<string, string> = {}): Config =>
  readConfig({
    WINNOW_TABLE: 'winnow-test',
    WINNOW_SCORING_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-scoring',
    WINNOW_ADMIN_TOKEN: ADMIN_TOKEN,
    WINNOW_LINK_SECRET: TEST_LINK_SECRET,
    // Property tests send thousands of requests from one address; tests of 429 set their own.
    WINNOW_RATE_LIMIT_PER_MINUTE: '1000000',
    AWS_REGION: 'us-east-1',
    ...env,
  });

/** A public address (TEST-NET-3) for every host, so no test asks DNS; a test of a private host gives its own lookup. */
export const publicLookup: Lookup = async () => [{ address: '203.0.113.10', family: 4 }];

/** What `createApi` needs, built by the real `createAdapters`, with a test clock and id source, and no DNS. */
export const testDependencies = (config: Config = testConfig(), clock: Clock = aClock()): Dependencies => ({
  ...createAdapters(config),
  now: clock.now,
  leadIds: aLeadIdSource(config.WINNOW_LINK_SECRET),
  randomBytes: (size) => randomBytes(size),
  webhookUrls: webhookUrlPolicy(config, publicLookup),
  adminToken: async () => config.WINNOW_ADMIN_TOKEN,
});

// ---------------------------------------------------------------- the AWS SDK seam (unit tests)

export const PUBLISHED_AT = '2025-02-01T09:00:00.000Z';

/** An item as the table holds it: attribute values, an undefined field left out as the store leaves it out. */
export const asStored = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true });

/**
 * Every DynamoDBClient and SQSClient mocked (aws-sdk-client-mock): each command answers `{}`
 * unless a test says otherwise, and every call is recorded for the test to read. The table's
 * commands carry attribute values, as DynamoDB's API does: `asStored` what a test states.
 */
export const mockAws = () => {
  const dynamo = mockClient(DynamoDBClient);
  const sqs = mockClient(SQSClient);
  return {
    dynamo,
    sqs,
    /** Forgets calls and behaviours; call in beforeEach. */
    reset: () => {
      dynamo.reset();
      sqs.reset();
      dynamo.onAnyCommand().resolves({});
      sqs.onAnyCommand().resolves({ MessageId: 'message-1' });
    },
    /** A document published as `version` (and the latest), as the table holds it. */
    published: (kind: DocumentKind, document: { id: string }, version = 1) => {
      const item = { kind, id: document.id, version, document, publishedAt: PUBLISHED_AT };
      dynamo.on(GetItemCommand, { Key: marshall(keys.catalog(kind, document.id)) }).resolves({ Item: asStored({ ...keys.catalog(kind, document.id), ...item }) });
      dynamo.on(GetItemCommand, { Key: marshall(keys.document(kind, document.id, version)) }).resolves({ Item: asStored({ ...keys.document(kind, document.id, version), ...item }) });
    },
    /** A lead profile as the table holds it. */
    storedLead: (lead: LeadRecord, version = 1) => {
      dynamo.on(GetItemCommand, { Key: marshall(keys.lead(lead.leadId)) }).resolves({ Item: asStored({ ...keys.lead(lead.leadId), ...lead, version }) });
    },
  };
};
export type MockedAws = ReturnType<typeof mockAws>;

// ---------------------------------------------------------------- the in-memory store (handler unit tests)

/**
 * What `createApi` and the scorer need, with the in-memory store (`createMemoryStore()`, the
 * same `Store` contract as DynamoDB's) in place of the table: a handler test states what is
 * stored, never the table's keys. The queue is still SQS: mock it with `mockQueue`.
 */
export const memoryDependencies = (store: Store = createMemoryStore(), config: Config = testConfig(), clock: Clock = aClock()) => ({
  ...testDependencies(config, clock),
  store,
});

/** The SQS client mocked (aws-sdk-client-mock): every send answers a MessageId and is recorded for the test to read. */
export const mockQueue = () => {
  const sqs = mockClient(SQSClient);
  return {
    sqs,
    /** Forgets calls and behaviours; call in beforeEach. */
    reset: () => {
      sqs.reset();
      sqs.onAnyCommand().resolves({ MessageId: 'message-1' });
    },
  };
};

/** A document published as `version` (and the latest), through the store's own port. */
export const publishIn = (store: Store, kind: DocumentKind, document: { id: string }, version = 1): Promise<void> =>
  store.publishDocument({ kind, id: document.id, version, document, publishedAt: PUBLISHED_AT });

/** A lead's profile stored at `version`: saved that many times, as the API would have. */
export const storeLead = async (store: Store, lead: LeadRecord, version = 1): Promise<void> => {
  for (let read = 0; read < version; read += 1) await store.saveLead(lead, read === 0 ? undefined : read);
};

type AsyncMethod = (...args: never[]) => Promise<unknown>;
type AsyncMethodOf<S> = { [M in keyof S]: S[M] extends AsyncMethod ? M : never }[keyof S];

/**
 * `store` with `method` failing once ("the store is down"), on its first call that `when`
 * holds for; every other call answered as `store` answers it.
 */
export const failingOnce = <S extends object, K extends AsyncMethodOf<S>>(store: S, method: K, when: (...args: Parameters<Extract<S[K], AsyncMethod>>) => boolean = () => true): S => {
  let failed = false;
  const real = store[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  const failing = async (...args: Parameters<Extract<S[K], AsyncMethod>>) => {
    if (!failed && when(...args)) {
      failed = true;
      throw new Error('the store is down');
    }
    return real.apply(store, args);
  };
  return Object.assign(Object.create(store) as S, { [method]: failing });
};

/** A store that records each call made to it, in order, before doing what `store` does. */
export const recordingStore = <S extends object>(store: S): { store: S; calls: { method: string; args: unknown[] }[] } => {
  const calls: { method: string; args: unknown[] }[] = [];
  const recording = new Proxy(store, {
    get: (target, name, receiver) => {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(name), args });
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { store: recording, calls };
};
