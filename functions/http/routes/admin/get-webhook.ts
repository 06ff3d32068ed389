import { getEndpoint } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { documentParams, errorOut, webhookEndpointOut } from '../../wire.js';

export const getWebhook = defineRoute({
  method: 'GET',
  path: '/v1/admin/webhooks/{id}',
  operationId: 'getWebhookEndpoint',
  summary: 'A webhook endpoint, without its secrets',
  access: 'admin',
  params: documentParams,
  responses: {
    200: { description: 'The endpoint', schema: webhookEndpointOut },
    404: { description: 'No such endpoint', schema: errorOut },
  },
  handle: async ({ params }, deps) => ({ status: 200, body: await getEndpoint(deps, params.id) }),
});
