import { redeliver } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { deliveryParams, errorOut, webhookDeliveryOut } from '../../wire.js';

export const redeliverWebhook = defineRoute({
  method: 'POST',
  path: '/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver',
  operationId: 'redeliverWebhook',
  summary: 'Queue a delivery again, with its webhook-id and body: the retry schedule starts afresh',
  access: 'admin',
  params: deliveryParams,
  responses: {
    202: { description: 'The delivery, queued', schema: webhookDeliveryOut },
    400: { description: 'A delivery id that is not one', schema: errorOut },
    404: { description: 'No such endpoint, or no such delivery of it', schema: errorOut },
    409: { description: 'Its lead was erased, or an attempt was recorded meanwhile', schema: errorOut },
  },
  handle: async ({ params }, deps) => ({ status: 202, body: await redeliver(deps, params.id, params.deliveryId) }),
});
