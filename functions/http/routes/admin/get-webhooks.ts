import { listEndpoints } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { webhookEndpointsOut } from '../../wire.js';

export const getWebhooks = defineRoute({
  method: 'GET',
  path: '/v1/admin/webhooks',
  operationId: 'listWebhookEndpoints',
  summary: 'Every webhook endpoint, without its secrets',
  access: 'admin',
  responses: { 200: { description: '{endpoints}', schema: webhookEndpointsOut } },
  handle: async (_request, deps) => ({ status: 200, body: await listEndpoints(deps) }),
});
