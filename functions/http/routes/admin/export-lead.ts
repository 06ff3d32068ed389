import { resolveLead } from '../../../app/leads.js';
import { NotFoundError } from '../../framework/errors.js';
import { defineRoute, type Dependencies } from '../../framework/route.js';
import { ErrorOut, LeadParams } from '../../wire.js';

/** A lead and every lead merged into it: what GDPR access and erasure cover. */
const identities = async (deps: Dependencies, leadId: string): Promise<string[]> => {
  const found = await resolveLead(deps.store, leadId);
  if (!found) throw new NotFoundError(`no lead ${leadId}`);
  return [found.lead.leadId, ...found.lead.mergedFrom];
};

export const exportLead = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads/{leadId}/export',
  summary: 'Everything stored about a lead (GDPR access)',
  access: 'admin',
  params: LeadParams,
  responses: { 200: { description: '{leadId, exportedAt, items}' }, 404: { description: 'No such lead', schema: ErrorOut } },
  handle: async ({ params }, deps) => {
    const leadIds = await identities(deps, params.leadId);
    return { status: 200, body: { leadId: leadIds[0], leadIds, exportedAt: deps.now().toISOString(), items: await deps.store.itemsOf(leadIds) } };
  },
});
