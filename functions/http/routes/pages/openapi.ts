import { definePage } from './page-route.js';

export const getOpenApi = definePage({
  method: 'GET',
  path: '/v1/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This API, described in OpenAPI 3.1',
  access: 'open',
  responses: { 200: { description: 'The OpenAPI document' } },
  // Read when asked, not at import: `npm run schemas` imports this table to write that very file.
  handle: async () => ({ status: 200, body: (await import('../../../../schemas/openapi.json', { with: { type: 'json' } })).default }),
});
