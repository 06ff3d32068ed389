import { leadView } from '../../../app/lead-view.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, leadOut, leadParams } from '../../wire.js';

export const getLead = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads/{leadId}',
  operationId: 'getLead',
  summary: 'A lead: answers, fit and interest (decayed to now) with their breakdowns, owner and stage',
  access: 'admin',
  params: leadParams,
  responses: {
    200: { description: 'The lead', schema: leadOut },
    404: { description: 'No such lead', schema: errorOut },
  },
  handle: async ({ params }, deps) => ({ status: 200, body: await leadView(deps, params.leadId) }),
});
