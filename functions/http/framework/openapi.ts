import * as z from 'zod';
import type { BodyDependencies, Route } from './route.js';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

const parametersOf = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: property,
  }));
};

/**
 * The OpenAPI document, generated from the route table and the same zod schemas that parse
 * requests. `npm run schemas` writes it to schemas/openapi.json, which `GET /v1/openapi.json`
 * serves, so no function bundles the generator.
 */
export const openApiDocument = (routes: readonly Route[], deps: BodyDependencies = { now: () => new Date() }) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const body = typeof route.body === 'function' ? route.body(deps) : route.body;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.access === 'admin' ? { security: [{ adminToken: [] }] } : { security: [] }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, { description, schema }]) => [
          status,
          { description, ...(schema ? { content: { 'application/json': { schema: jsonSchema(schema) } } } : {}) },
        ]),
      ),
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Winnow',
      version: '1',
      description:
        'Form capture and progressive profiling. Errors answer {error: {code, message, issues?}}: 400 bad input (issues name each field), 401/403 auth, 404 unknown form or lead, 409 conflict, 413 body over 16 KiB, 415 not JSON, 429 rate limited (Retry-After).',
    },
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    security: [{ adminToken: [] }],
    paths,
  };
};
