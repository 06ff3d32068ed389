import { funnelReport } from '../../../app/reports.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, funnelOut, funnelQuery } from '../../wire.js';

export const getFunnel = defineRoute({
  method: 'GET',
  path: '/v1/admin/reports/funnel',
  operationId: 'getFunnelReport',
  summary: 'Leads that reached each stage between from and to (default: the last 30 days), conversion, return reasons, by form (first or last touch) and utm_source',
  access: 'admin',
  query: funnelQuery,
  responses: { 200: { description: 'The funnel', schema: funnelOut }, 400: { description: 'a bad from, to or attribution, or from after to', schema: errorOut } },
  handle: async ({ query }, deps) => ({ status: 200, body: await funnelReport(deps, query) }),
});
