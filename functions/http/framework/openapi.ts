import * as z from '../../core/zod.js';
import { WEBHOOK_ATTEMPT_DELAYS_MS, WEBHOOK_BODIES } from '../../core/webhooks.js';
import { ErrorOut } from '../wire.js';
import { MAX_BODY_BYTES } from './middleware/body-limit.js';
import { schemaOf, type BodyDependencies, type Route } from './route.js';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
const DEFS = '#/$defs/';

/** A `$ref` into the schema's own `$defs` becomes one into the document's components; nothing else changes. */
const relinked = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(relinked);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' && inner.startsWith(DEFS) ? COMPONENTS + inner.slice(DEFS.length) : relinked(inner)]),
  );
};

/**
 * JSON Schema 2020-12, which OpenAPI 3.1 speaks, of what a schema accepts: for a request what a
 * client may send, for an answer what a client may receive (answers transform nothing, and a
 * published document is answered as it was sent). The parts named with `z.meta(schema, {id})` are
 * moved to `components`, where a name means one schema.
 */
const schemaIn = (components: Record<string, JsonSchema>) => (schema: z.ZodType): JsonSchema => {
  const { $schema, $defs = {}, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, definition] of Object.entries($defs)) {
    const component = relinked(definition) as JsonSchema;
    if (id in components && JSON.stringify(components[id]) !== JSON.stringify(component)) throw new Error(`two different schemas are both named ${id}`);
    components[id] = component;
  }
  return relinked(json) as JsonSchema;
};

const parametersOf = (convert: (schema: z.ZodType) => JsonSchema, schema: z.ZodType | undefined, location: 'path' | 'query' | 'header') => {
  if (!schema) return [];
  const { properties = {}, required = [] } = convert(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

type Described = Route['responses'][number];
const BODY_LIMIT = `${MAX_BODY_BYTES / 1024} KiB`;

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before sending the same request again', schema: { type: 'integer', minimum: 1 } } };
/** The headers an answer of this status carries, whichever route gives it. */
const HEADERS: Record<number, object> = {
  401: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
  429: retryAfter,
  503: retryAfter,
};

/**
 * What the router and its guards answer before (or instead of) a route's handler, each error in
 * the SPEC's shape (router.ts: origin, rate, auth, size, JSON, then parsing). A route's own
 * description of a status wins over these.
 */
const guardAnswers = (route: Route, body: z.ZodType | undefined): Record<number, Described> => {
  const answers: Record<number, Described> = {};
  if (route.params || route.query || body) answers[400] = { description: 'The request is not valid: each issue names a field', schema: ErrorOut };
  if (route.access === 'admin') answers[401] = { description: 'No admin token, or not the right one', schema: ErrorOut };
  if (route.access === 'public') answers[403] = { description: 'A browser on an origin the form does not list in allowedOrigins', schema: ErrorOut };
  if (body) {
    answers[413] = { description: `The body is over ${BODY_LIMIT}`, schema: ErrorOut };
    answers[415] = { description: route.bodyFormat === 'form' ? 'Not an HTML form’s POST' : 'Not JSON', schema: ErrorOut };
  }
  if (route.access === 'public') answers[429] = { description: 'Rate limited: send it again after Retry-After', schema: ErrorOut };
  answers[500] = { description: 'Something went wrong on our side; the answer names nothing of it', schema: ErrorOut };
  return answers;
};

/** A route's own answer headers are strings (Link, Content-Disposition). */
const textHeaders = (headers: Described['headers']): Record<string, object> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, { description }]) => [name, { description, schema: { type: 'string' } }]));

const MEDIA_TYPE = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;

/**
 * The Standard Webhooks headers every delivery carries (adapters/webhook-sender.ts sets them).
 * Described here rather than beside the sender: they are what a receiver reads, and only the
 * OpenAPI document needs them as a schema.
 */
const WebhookHeaders = z.object({
  'webhook-id': z.meta(z.string(), { description: 'The delivery’s id: the same on every attempt and redelivery of one event to one endpoint, so a receiver de-duplicates by it.' }),
  'webhook-timestamp': z.meta(z.string().check(z.regex(/^[0-9]+$/)), {
    description: 'When this attempt was signed, in seconds since the Unix epoch; receivers refuse one more than 5 minutes off.',
  }),
  'webhook-signature': z.meta(z.string().check(z.regex(/^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$/)), {
    description:
      '`v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the endpoint’s secret; during the 24 h after a rotation, one such signature per live secret, space-separated. Verify it with a Standard Webhooks library.',
  }),
});

const delayWords = (ms: number): string => (ms >= 3_600_000 ? `${ms / 3_600_000} h` : ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const RETRIES = WEBHOOK_ATTEMPT_DELAYS_MS.slice(1).map(delayWords).join(', ');

/**
 * OpenAPI 3.1's top-level `webhooks`: one POST per event type, its body the zod schema the
 * events are built against (core/webhooks.ts), so a receiver can generate its types too.
 */
const webhooksOf = (convert: (schema: z.ZodType) => JsonSchema) =>
  Object.fromEntries(
    Object.entries(WEBHOOK_BODIES).map(([type, body]) => [
      type,
      {
        post: {
          // The body's component name, camelCased: webhookLeadQualified, webhookTest.
          operationId: String(z.globalRegistry.get(body)?.id).replace(/^W/, 'w'),
          summary: `${type}: ${z.globalRegistry.get(body)?.description ?? ''}`,
          description: `POSTed to every enabled endpoint that lists \`${type}\`${type === 'webhook.test' ? ' (a test goes to any endpoint it is asked for)' : ''}. Signed by the Standard Webhooks specification: verify the signature before trusting the body.`,
          parameters: parametersOf(convert, WebhookHeaders, 'header'),
          requestBody: { required: true, content: { 'application/json': { schema: convert(body) } } },
          responses: {
            '2XX': { description: 'Delivered: any 2xx within 10 s. The answer’s body is ignored.' },
            default: { description: `Anything else, or no answer within 10 s, is retried with the same webhook-id after ${RETRIES}; then the delivery is failed, and can be redelivered.` },
          },
        },
      },
    ]),
  );

/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas that parse
 * requests (functions/http/wire.ts). `npm run schemas` writes it to schemas/openapi.json, which
 * `GET /v1/openapi.json` serves, so no function bundles the generator.
 */
export const openApiDocument = (routes: readonly Route[], deps: BodyDependencies = { now: () => new Date() }) => {
  const schemas: Record<string, JsonSchema> = {};
  const convert = schemaIn(schemas);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const body = typeof route.body === 'function' ? route.body(deps) : route.body;
    const answers: Record<number, Described> = { ...guardAnswers(route, body), ...route.responses };
    const parameters = [...parametersOf(convert, schemaOf(route.params), 'path'), ...parametersOf(convert, schemaOf(route.query), 'query')];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      security: route.access === 'admin' ? [{ adminToken: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: { required: true, content: { [MEDIA_TYPE[route.bodyFormat ?? 'json']]: { schema: convert(body) } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(answers).map(([status, answer]) => [
          status,
          {
            description: answer.description,
            ...(HEADERS[Number(status)] || answer.headers ? { headers: { ...HEADERS[Number(status)], ...textHeaders(answer.headers) } } : {}),
            ...(answer.schema ? { content: { 'application/json': { schema: convert(typeof answer.schema === 'function' ? answer.schema() : answer.schema) } } } : {}),
            ...(answer.mediaType ? { content: { [answer.mediaType]: { schema: { type: 'string' } } } } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Winnow',
      version: '1',
      description: `Form capture and progressive profiling. Errors answer {error: {code, message, issues?}}: 400 bad input (issues name each field), 401/403 auth, 404 unknown form or lead, 409 conflict, 413 body over ${BODY_LIMIT}, 415 not JSON, 429 rate limited (Retry-After).`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:3000', description: '`npm start` (its PORT); a deployed stack answers on its own API URL instead' }],
    paths,
    webhooks: webhooksOf(convert),
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (WINNOW_ADMIN_TOKEN)' } },
    },
  };
};
