import openApi from '../../schemas/openapi.json' with { type: 'json' };
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
  handle: async () => ({ status: 200, body: openApi }),
});

/** What people and sites load from the API host: the demo and admin pages, the widget and the API's description. */
export const pageRoutes: Route[] = [getDemoPage, getAdminPage, getWidgetScript, getWidgetModule, getOpenApi];
