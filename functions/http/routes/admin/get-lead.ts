import { answersOf, emailOf, leadEvents, newLifecycle, ownerOf, playbookOf, scoreLead } from '../../../core/index.js';
import { loadDocument } from '../../framework/documents.js';
import { NotFoundError } from '../../framework/errors.js';
import { resolveLead } from '../../../app/leads.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut, LeadParams } from '../../wire.js';

export const getLead = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads/{leadId}',
  summary: 'A lead: answers, fit and interest (decayed to now) with their breakdowns, owner and stage',
  access: 'admin',
  params: LeadParams,
  responses: {
    200: { description: 'The lead' },
    404: { description: 'No such lead', schema: ErrorOut },
  },
  handle: async ({ params }, deps) => {
    const found = await resolveLead(deps.store, params.leadId);
    if (!found) throw new NotFoundError(`no lead ${params.leadId}`);
    const { lead, score, lifecycle = newLifecycle() } = found;
    const now = deps.now();
    const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(lead));
    const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
    const answers = answersOf(lead);
    const { fit, interest } = scoreLead(playbook, { answers, events: leadEvents(activity) }, now);
    return {
      status: 200,
      body: {
        leadId: lead.leadId,
        email: emailOf(answers) ?? null,
        answers,
        // What devices that typed this lead's email answered differently: kept for sales, never applied.
        claims: lead.claims ?? [],
        fit,
        interest,
        owner: ownerOf(lifecycle.stage),
        stage: lifecycle.stage,
        handRaiser: lifecycle.handRaiser,
        cycle: lifecycle.cycle,
        ...(lifecycle.returnReason ? { returnReason: lifecycle.returnReason } : {}),
        history: lifecycle.history,
        notifications: await deps.store.notifications(lead.leadId),
        routing: { owner: score?.owner ?? null, grade: fit.grade, band: interest.band },
        playbook: { id: playbook.id },
        createdAt: lead.createdAt,
        updatedAt: lead.updatedAt,
        scoredAt: score?.scoredAt ?? null,
        mergedFrom: lead.mergedFrom,
      },
    };
  },
});
