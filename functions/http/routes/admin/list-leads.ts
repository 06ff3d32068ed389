import { listLeads } from '../../../app/list-leads.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, leadPageOut, leadsQuery } from '../../wire.js';

export const getLeads = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads',
  operationId: 'listLeads',
  summary:
    'Leads in a stage, hottest first (interest score, then fit points), a page at a time; narrowed by rep (`none`: unassigned), pool, words of the email, name or company, form, grade, band, creation period, and without page-view-only visitors; with per-stage counts on request',
  access: 'admin',
  query: leadsQuery,
  responses: {
    200: { description: '{leads, cursor?, counts?}: pass cursor back for the next page; no cursor after the last', schema: leadPageOut },
    400: { description: 'A stage, limit, cursor or filter that is not valid, or from after to', schema: errorOut },
  },
  handle: async ({ query }, deps) => {
    const { stage, limit, cursor, counts, ...filter } = query;
    return { status: 200, body: await listLeads(deps, { stage, limit, cursor, filter, counts: counts === 'true' }) };
  },
});
