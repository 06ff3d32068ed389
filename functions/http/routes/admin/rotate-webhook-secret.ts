import { rotateEndpointSecret } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { documentParams, errorOut, rotatedSecretOut } from '../../wire.js';

export const rotateWebhookSecret = defineRoute({
  method: 'POST',
  path: '/v1/admin/webhooks/{id}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  summary: 'A new secret for a webhook endpoint, answered this once; for 24 h deliveries are signed with the previous one too',
  access: 'admin',
  params: documentParams,
  responses: {
    200: { description: 'The new secret', schema: rotatedSecretOut },
    404: { description: 'No such endpoint', schema: errorOut },
    409: { description: 'Another request saved the endpoint meanwhile', schema: errorOut },
  },
  handle: async ({ params }, deps) => ({ status: 200, body: await rotateEndpointSecret(deps, params.id) }),
});
