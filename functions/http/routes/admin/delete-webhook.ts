import { deleteEndpoint } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { documentParams, errorOut } from '../../wire.js';

export const deleteWebhook = defineRoute({
  method: 'DELETE',
  path: '/v1/admin/webhooks/{id}',
  operationId: 'deleteWebhookEndpoint',
  summary: 'Delete a webhook endpoint and its deliveries log: nothing more is sent to it',
  access: 'admin',
  params: documentParams,
  responses: {
    204: { description: 'Deleted' },
    404: { description: 'No such endpoint', schema: errorOut },
  },
  handle: async ({ params }, deps) => {
    await deleteEndpoint(deps, params.id);
    return { status: 204 };
  },
});
