import { getAdminPage } from './admin-page.js';
import { getDemoPage } from './demo-page.js';
import { defineRoute, type Route } from './route.js';
import { getWidgetModule, getWidgetScript } from './widget-files.js';

const getOpenApi = defineRoute({
  method: 'GET',
  path: '/v1/openapi.json',
  summary: 'This API, described in OpenAPI 3',
  access: 'open',
  responses: { 200: { description: 'The OpenAPI document' } },
  // Read when asked, not at import: `npm run schemas` imports this table to write that very file.
  handle: async () => ({ status: 200, body: (await import('../../schemas/openapi.json', { with: { type: 'json' } })).default }),
});

/** What people and sites load from the API host: the demo and admin pages, the widget and the API's description. */
export const pageRoutes: Route[] = [getDemoPage, getAdminPage, getWidgetScript, getWidgetModule, getOpenApi];
