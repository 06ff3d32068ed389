import { sendTestDelivery } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { documentParams, errorOut, webhookDeliveryOut } from '../../wire.js';

export const postWebhookTest = defineRoute({
  method: 'POST',
  path: '/v1/admin/webhooks/{id}/test',
  operationId: 'testWebhook',
  summary: 'Queue a `webhook.test` delivery to an endpoint, enabled or not; watch it in the deliveries log',
  access: 'admin',
  params: documentParams,
  responses: {
    202: { description: 'The delivery, queued', schema: webhookDeliveryOut },
    404: { description: 'No such endpoint', schema: errorOut },
  },
  handle: async ({ params }, deps) => ({ status: 202, body: await sendTestDelivery(deps, params.id) }),
});
