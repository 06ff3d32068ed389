import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type * as z from '../../../functions/core/zod.js';
import type { leadView } from '../../../functions/app/lead-view.js';
import type { nextStep } from '../../../functions/app/next-step.js';
import type { NotificationRecord } from '../../../functions/app/ports/store.js';
import type { listLeads } from '../../../functions/app/list-leads.js';
import type { funnelReport } from '../../../functions/app/reports.js';
import type { submitStep } from '../../../functions/app/submit-step.js';
import type { AnswerClaim, Fit, Funnel, Interest, Transition } from '../../../functions/core/index.js';
import { WEBHOOK_DATA, WEBHOOK_EVENT_TYPES } from '../../../functions/core/webhooks.js';
import { openApiDocument } from '../../../functions/http/framework/openapi.js';
import { routes } from '../../../functions/http/routes/index.js';
import type { AnswerClaimOut, FitOut, FunnelOut, InterestOut, LeadOut, LeadPageOut, NextOut, NotificationOut, SubmissionOut, TransitionOut } from '../../../functions/http/wire.js';

type Document = ReturnType<typeof openApiDocument>;
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const checkedIn = async (): Promise<Document> => JSON.parse(await readFile(new URL('../../../schemas/openapi.json', import.meta.url), 'utf8'));

/** What the tools read is the JSON a client downloads; each gets its own copy, since both resolve and rewrite it. */
const jsonOf = <T>(document: Document): T => JSON.parse(JSON.stringify(document)) as T;
const validated = (document: Document) => SwaggerParser.validate(jsonOf<NonNullable<Parameters<SwaggerParser.ApiCallback>[1]>>(document));
const typesOf = async (document: Document): Promise<string> => astToString(await openapiTS(jsonOf<OpenAPI3>(document), { silent: true }));

/** Every value under `key` anywhere in the document, with where it is. */
const valuesOf = (value: unknown, key: string, at = '#'): { at: string; value: unknown }[] => {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, inner]) => [...(name === key ? [{ at, value: inner }] : []), ...valuesOf(inner, key, `${at}/${name}`)]);
};

const operationsOf = (document: Document) => Object.values(document.paths).flatMap((operations) => Object.values(operations) as { operationId: string }[]);

describe('the OpenAPI document', () => {
  const documents: [string, () => Promise<Document>][] = [
    ['schemas/openapi.json', checkedIn],
    ['the document the route table generates', async () => openApiDocument(routes)],
  ];

  it('is checked in as the route table generates it (npm run schemas)', async () => {
    // Act
    const file = await checkedIn();

    // Assess
    expect(file).toEqual(openApiDocument(routes));
  });

  it.each(documents)('%s is valid OpenAPI 3.1 for swagger-parser', async (_, load) => {
    // Prepare
    const document = await load();

    // Act
    const parsed = await validated(document);

    // Assess
    expect(parsed).toMatchObject({ openapi: '3.1.0' });
  });

  it.each(documents)('%s gives openapi-typescript a type for every operation', async (_, load) => {
    // Prepare
    const document = await load();

    // Act
    const types = await typesOf(document);

    // Assess
    for (const { operationId } of operationsOf(document)) expect(types).toContain(`    ${operationId}: {`);
    expect(types).toContain('Lead: {');
  });

  it('refuses, in both tools, a copy whose $ref points into #/definitions as zod’s draft-7 output does', async () => {
    // Prepare
    const document = openApiDocument(routes);
    const broken = structuredClone(document);
    broken.components.schemas.Published = { type: 'object', properties: { id: { $ref: '#/definitions/DocumentId' } } };
    // openapi-typescript prints each problem before it throws; here the problem is the point.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    // Act
    const parsing = validated(broken);
    const typing = typesOf(broken);

    // Assess
    await expect(parsing).rejects.toThrow(/definitions/);
    await expect(typing).rejects.toThrow(/\$ref/);
    printed.mockRestore();
  });

  it('refers only to its own components, and keeps no $defs or definitions of its own', () => {
    // Act
    const document = openApiDocument(routes);
    const refs = valuesOf(document, '$ref');

    // Assess
    expect(refs.length).toBeGreaterThan(0);
    for (const { at, value } of refs) {
      expect(value, at).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas, at).toHaveProperty([String(value).split('/').at(-1) ?? '']);
    }
    expect(valuesOf(document, '$defs')).toEqual([]);
    expect(valuesOf(document, 'definitions')).toEqual([]);
  });

  it('names every operation once, in camelCase, and tells clients where the API is', () => {
    // Act
    const document = openApiDocument(routes);
    const ids = operationsOf(document).map((operation) => operation.operationId);

    // Assess
    expect(ids).toHaveLength(routes.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(document.servers).toEqual([expect.objectContaining({ url: 'http://localhost:3000' })]);
  });

  it('describes every 4xx its guards answer: 401 on admin routes, 429 on public ones, 413 and 415 where a body is read', () => {
    // Act
    const document = openApiDocument(routes);

    // Assess
    for (const route of routes) {
      const statuses = Object.keys((document.paths[route.path]?.[route.method.toLowerCase()] as { responses: object }).responses);
      if (route.access === 'admin') expect(statuses, route.operationId).toContain('401');
      if (route.access === 'public') expect(statuses, route.operationId).toEqual(expect.arrayContaining(['403', '429']));
      if (route.body) expect(statuses, route.operationId).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (route.params || route.query) expect(statuses, route.operationId).toContain('400');
    }
  });

  it('describes a text answer by its media type and the headers it carries (the CSV export and its Link)', () => {
    // Act
    const document = openApiDocument(routes);

    // Assess
    const exported = (document.paths['/v1/admin/leads/export.csv']?.get as { responses: Record<string, unknown> }).responses;
    expect(exported['200']).toMatchObject({
      content: { 'text/csv': { schema: { type: 'string' } } },
      headers: { Link: { schema: { type: 'string' } }, 'Content-Disposition': { schema: { type: 'string' } } },
    });
    expect(exported['400']).toMatchObject({ content: { 'application/json': {} } });
    expect(exported['401']).toMatchObject({ headers: { 'WWW-Authenticate': {} } });
  });
});

/** A zod object's keys that must be present: those `undefined` does not pass for, read from zod itself rather than from its JSON Schema. */
const requiredKeysOf = (schema: z.ZodObject): string[] =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key)
    .sort();

interface WebhookOperation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  requestBody: { required: boolean; content: Record<string, { schema: { $ref?: unknown } }> };
  responses: Record<string, unknown>;
}
type Schema = { type?: string; required?: string[]; properties?: Record<string, Schema & { const?: string }> };

/** SPEC "Webhooks (CRM sync)": the admin routes that manage endpoints and their deliveries. */
const ADMIN_WEBHOOK_OPERATIONS = [
  ['put', '/v1/admin/webhooks/{id}'],
  ['get', '/v1/admin/webhooks'],
  ['get', '/v1/admin/webhooks/{id}'],
  ['delete', '/v1/admin/webhooks/{id}'],
  ['post', '/v1/admin/webhooks/{id}/rotate-secret'],
  ['post', '/v1/admin/webhooks/{id}/test'],
  ['get', '/v1/admin/webhooks/{id}/deliveries'],
  ['post', '/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver'],
] as const;

describe('the OpenAPI document’s webhooks', () => {
  const document = openApiDocument(routes);
  const webhooks = document.webhooks as Record<string, { post: WebhookOperation }>;

  it('describes every event type the SPEC names, and nothing else', () => {
    // Assess
    expect(Object.keys(webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it.each(WEBHOOK_EVENT_TYPES)('describes %s as a POST carrying the three Standard Webhooks headers, required', (type) => {
    // Act
    const { post } = webhooks[type] as { post: WebhookOperation };

    // Assess
    expect(post.parameters.map(({ name, in: where, required }) => ({ name, in: where, required }))).toEqual([
      { name: 'webhook-id', in: 'header', required: true },
      { name: 'webhook-timestamp', in: 'header', required: true },
      { name: 'webhook-signature', in: 'header', required: true },
    ]);
    for (const parameter of post.parameters) expect(parameter.description, parameter.name).toMatch(/\S/);
    expect(post.requestBody.required).toBe(true);
    expect(Object.keys(post.responses)).toEqual(['2XX', 'default']);
  });

  it.each(WEBHOOK_EVENT_TYPES)('gives %s the body {type, timestamp, data}, data requiring exactly what its zod schema requires', (type) => {
    // Prepare
    const ref = String((webhooks[type] as { post: WebhookOperation }).post.requestBody.content['application/json']?.schema.$ref ?? '');

    // Act
    const body = document.components.schemas[ref.split('/').at(-1) ?? ''] as Schema;

    // Assess
    expect(ref).toMatch(/^#\/components\/schemas\/Webhook/);
    expect(body.required?.slice().sort()).toEqual(['data', 'timestamp', 'type']);
    expect(body.properties?.type).toMatchObject({ type: 'string', const: type });
    expect(body.properties?.timestamp).toMatchObject({ type: 'string', format: 'date-time' });
    const data = body.properties?.data as Schema;
    expect(data.type).toBe('object');
    expect((data.required ?? []).slice().sort()).toEqual(requiredKeysOf(WEBHOOK_DATA[type]));
    expect(Object.keys(data.properties ?? {}).sort()).toEqual(Object.keys(WEBHOOK_DATA[type].shape).sort());
  });

  it('keeps lead.erased to the lead id and the email’s hash', () => {
    // Act
    const erased = document.components.schemas.WebhookLeadErased as Schema;

    // Assess
    expect(Object.keys((erased.properties?.data as Schema).properties ?? {})).toEqual(['leadId', 'emailSha256']);
  });

  it('survives swagger-parser with its webhooks resolved, each body an object', async () => {
    // Act
    const parsed = (await validated(document)) as unknown as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: Schema }> } } }> };

    // Assess
    expect(Object.keys(parsed.webhooks)).toHaveLength(WEBHOOK_EVENT_TYPES.length);
    for (const [type, { post }] of Object.entries(parsed.webhooks)) expect(post.requestBody.content['application/json']?.schema.properties?.type?.const, type).toBe(type);
  });

  it.each(ADMIN_WEBHOOK_OPERATIONS)('lists the admin route %s %s, behind the admin token', (method, path) => {
    // Act
    const operation = document.paths[path]?.[method] as { security: object[] } | undefined;

    // Assess
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(operation?.security).toEqual([{ adminToken: [] }]);
  });
});

describe('the wire schemas', () => {
  it('describe what the use cases answer (checked by tsc)', () => {
    expectTypeOf<Answer<typeof nextStep>>().toExtend<z.output<typeof NextOut>>();
    expectTypeOf<Answer<typeof submitStep>>().toExtend<z.output<typeof SubmissionOut>>();
    expectTypeOf<Answer<typeof listLeads>>().toExtend<z.output<typeof LeadPageOut>>();
    expectTypeOf<Answer<typeof leadView>>().toExtend<z.output<typeof LeadOut>>();
    expectTypeOf<Answer<typeof funnelReport>>().toExtend<z.output<typeof FunnelOut>>();
  });

  it('are the core’s and the store’s own shapes, each assignable to the other (checked by tsc)', () => {
    expectTypeOf<z.output<typeof FitOut>>().toEqualTypeOf<Fit>();
    expectTypeOf<z.output<typeof InterestOut>>().toEqualTypeOf<Interest>();
    expectTypeOf<z.output<typeof TransitionOut>>().toEqualTypeOf<Transition>();
    expectTypeOf<z.output<typeof AnswerClaimOut>>().toEqualTypeOf<AnswerClaim>();
    expectTypeOf<z.output<typeof NotificationOut>>().toEqualTypeOf<NotificationRecord>();
    // The core's Funnel is built of interfaces and intersections, which toEqualTypeOf tells apart from one flat object.
    expectTypeOf<z.output<typeof FunnelOut>>().toExtend<Funnel>();
    expectTypeOf<Funnel>().toExtend<z.output<typeof FunnelOut>>();
  });
});
