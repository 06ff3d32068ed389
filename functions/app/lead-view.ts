import { answersOf, currentAssignment, emailOf, leadEvents, newLifecycle, ownerOf, playbookOf, scoreLead } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { NotFoundError } from './errors.js';
import { resolveLead } from './leads.js';

/** A lead as sales sees it: answers, fit and interest decayed to now with their breakdowns, stage, history and notifications. */
export const leadView = async (deps: Pick<AppDependencies, 'store' | 'now'>, leadId: string) => {
  const found = await resolveLead(deps.store, leadId);
  if (!found) throw new NotFoundError(`no lead ${leadId}`);
  const { lead, score, lifecycle = newLifecycle() } = found;
  const now = deps.now();
  const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(lead));
  const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
  const answers = answersOf(lead);
  const { fit, interest } = scoreLead(playbook, { answers, events: leadEvents(activity) }, now);
  const assignment = currentAssignment(lifecycle);
  return {
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
    ...(assignment?.pool ? { pool: assignment.pool } : {}),
    ...(assignment?.rep ? { rep: assignment.rep } : {}),
    assignments: lifecycle.assignments ?? [],
    attempts: lifecycle.attempts ?? [],
    history: lifecycle.history,
    notifications: await deps.store.notifications(lead.leadId),
    routing: { owner: score?.owner ?? null, grade: fit.grade, band: interest.band },
    playbook: { id: playbook.id },
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
    scoredAt: score?.scoredAt ?? null,
    mergedFrom: lead.mergedFrom,
  };
};
