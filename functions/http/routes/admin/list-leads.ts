import { listLeads } from '../../../app/reports.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut, LeadPageOut, LeadsQuery } from '../../wire.js';

export const getLeads = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads',
  operationId: 'listLeads',
  summary: 'Leads in a stage, hottest first (interest score, then fit points), a page at a time; by rep (`none`: unassigned) or pool',
  access: 'admin',
  query: LeadsQuery,
  responses: {
    200: { description: '{leads, cursor?}: pass cursor back for the next page; no cursor after the last', schema: LeadPageOut },
    400: { description: 'A stage, limit or cursor that is not valid', schema: ErrorOut },
  },
  handle: async ({ query }, deps) => ({ status: 200, body: await listLeads(deps, query.stage, query.limit, query.cursor, { rep: query.rep, pool: query.pool }) }),
});
