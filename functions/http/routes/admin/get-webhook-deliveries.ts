import { listDeliveries } from '../../../app/webhooks.js';
import { defineRoute } from '../../framework/route.js';
import { deliveriesQuery, documentParams, errorOut, webhookDeliveryPageOut } from '../../wire.js';

export const getWebhookDeliveries = defineRoute({
  method: 'GET',
  path: '/v1/admin/webhooks/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'A webhook endpoint’s deliveries, newest first: status, attempts, the last status and error, the next attempt',
  access: 'admin',
  params: documentParams,
  query: deliveriesQuery,
  responses: {
    200: { description: '{deliveries, cursor?}', schema: webhookDeliveryPageOut },
    400: { description: 'A limit or cursor that is not valid', schema: errorOut },
    404: { description: 'No such endpoint', schema: errorOut },
  },
  handle: async ({ params, query }, deps) => ({ status: 200, body: await listDeliveries(deps, params.id, query.limit, query.cursor) }),
});
