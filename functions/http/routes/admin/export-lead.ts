import { exportLead as exportAll } from '../../../app/gdpr.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, exportOut, leadParams } from '../../wire.js';

export const exportLead = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads/{leadId}/export',
  operationId: 'exportLead',
  summary: 'Everything stored about a lead (GDPR access)',
  access: 'admin',
  params: leadParams,
  responses: { 200: { description: 'The lead, the leads merged into it, and every item stored about them', schema: exportOut }, 404: { description: 'No such lead', schema: errorOut } },
  handle: async ({ params }, deps) => ({ status: 200, body: await exportAll(deps, params.leadId) }),
});
