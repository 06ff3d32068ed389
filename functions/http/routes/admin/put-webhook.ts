import { putEndpoint } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { documentParams, errorOut, savedWebhookEndpointOut, webhookEndpointBody } from '../../wire.js';

export const putWebhook = defineRoute({
  method: 'PUT',
  path: '/v1/admin/webhooks/{id}',
  operationId: 'putWebhookEndpoint',
  summary: 'Create a webhook endpoint (its secret is answered this once) or change one’s url, events, enabled or description (its secrets are kept)',
  access: 'admin',
  params: documentParams,
  body: webhookEndpointBody,
  responses: {
    200: { description: 'The endpoint as saved; `secret` only when created', schema: savedWebhookEndpointOut },
    400: { description: 'Not valid settings, or a url that may not receive webhooks (`issues` name `url`)', schema: errorOut },
    409: { description: 'Another request saved the endpoint meanwhile', schema: errorOut },
  },
  handle: async ({ params, body }, deps) => ({ status: 200, body: await putEndpoint(deps, params.id, body) }),
});
