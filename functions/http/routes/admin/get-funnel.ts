import * as z from 'zod';
import { DAY_MS, funnel, type FunnelLead } from '../../../core/index.js';
import { BadRequestError } from '../../framework/errors.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut } from '../../wire.js';

const FunnelQuery = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

export const getFunnel = defineRoute({
  method: 'GET',
  path: '/v1/admin/reports/funnel',
  summary: 'Leads that reached each stage between from and to (default: the last 30 days), conversion, return reasons, by form and utm_source',
  access: 'admin',
  query: FunnelQuery,
  responses: { 200: { description: 'The funnel' }, 400: { description: 'from after to', schema: ErrorOut } },
  handle: async ({ query }, deps) => {
    const now = deps.now();
    const to = query.to ? new Date(query.to.length === 10 ? `${query.to}T23:59:59.999Z` : query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from > to) throw new BadRequestError('from must not be after to', [{ path: 'from', message: 'must not be after to' }]);
    const leads: FunnelLead[] = [];
    for await (const { lead, lifecycle } of deps.store.allLeads()) {
      if (lifecycle?.history.length) leads.push({ history: lifecycle.history, ...(lead.source ? { source: lead.source } : {}) });
    }
    return { status: 200, body: funnel(leads, from, to) };
  },
});
