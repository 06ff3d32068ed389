import { eraseLead as erase } from '../../../app/gdpr.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, leadParams } from '../../wire.js';

export const eraseLead = defineRoute({
  method: 'DELETE',
  path: '/v1/admin/leads/{leadId}',
  operationId: 'eraseLead',
  summary: 'Erase a lead and everything keyed to it, its email index included (GDPR erasure)',
  access: 'admin',
  params: leadParams,
  responses: { 204: { description: 'Erased' }, 404: { description: 'No such lead', schema: errorOut } },
  handle: async ({ params }, deps) => {
    await erase(deps, params.leadId);
    return { status: 204 };
  },
});
