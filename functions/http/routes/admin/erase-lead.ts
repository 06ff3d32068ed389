import { isErased } from '../../../app/ports/store.js';
import { resolveLead } from '../../../app/leads.js';
import { NotFoundError } from '../../framework/errors.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut, LeadParams } from '../../wire.js';

export const eraseLead = defineRoute({
  method: 'DELETE',
  path: '/v1/admin/leads/{leadId}',
  summary: 'Erase a lead and everything keyed to it, its email index included (GDPR erasure)',
  access: 'admin',
  params: LeadParams,
  responses: { 204: { description: 'Erased' }, 404: { description: 'No such lead', schema: ErrorOut } },
  handle: async ({ params }, deps) => {
    const found = await resolveLead(deps.store, params.leadId);
    if (!found) {
      // Gone, so 404; but an erase that stopped half-way (a crash) is finished first, from its tombstone.
      const left = await deps.store.getLead(params.leadId);
      if (isErased(left)) await deps.store.erase([left.leadId, ...(left.aliases ?? [])], left.erasedAt);
      throw new NotFoundError(`no lead ${params.leadId}`);
    }
    await deps.store.erase([found.lead.leadId, ...found.lead.mergedFrom], deps.now().toISOString());
    return { status: 204 };
  },
});
