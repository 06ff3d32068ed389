import { answersOf, currentAssignment, emailOf, identityOf, isAnswered, leadEvents, newLifecycle, ownerOf, playbookOf, scoreLead, whyInWords, type Answers, type Form, type LeadRecord, type Question } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument, publishedForms } from './documents.js';
import { NotFoundError } from './errors.js';
import { resolveLead } from './leads.js';

/** Each field the lead answered (or a criterion reads), as the first published form that asks it words it: fields are shared, so are their labels. */
const questionsOf = (forms: readonly Form[], fields: Iterable<string>): Record<string, Question> => {
  const questions: Record<string, Question> = {};
  for (const field of fields) {
    const question = forms.flatMap((form) => form.questions).find((q) => q.id === field);
    if (question) questions[field] = question;
  }
  return questions;
};

/**
 * What the lead asked on the form it last submitted (for a hand-raiser, the one it raised its
 * hand on): that form's answered questions, long answers (its message) first, then in form order.
 */
const askedOf = (lead: LeadRecord, answers: Answers, forms: readonly Form[]) => {
  const form = forms.find((f) => f.id === lead.lastFormId);
  if (!form) return null;
  const answered = form.questions.filter((q) => isAnswered(answers, q.id));
  const fields = [...answered.filter((q) => q.type === 'textarea'), ...answered.filter((q) => q.type !== 'textarea')].map((q) => q.id);
  return { formId: form.id, formTitle: form.title, fields };
};

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
  const forms = await publishedForms(deps.store);
  const identity = identityOf(answers, forms);
  const sourceForm = lead.source ? forms.find((form) => form.id === lead.source?.formId) : undefined;
  return {
    leadId: lead.leadId,
    email: emailOf(answers) ?? null,
    name: identity.name ?? null,
    company: identity.company ?? null,
    phone: identity.phone ?? null,
    answers,
    questions: questionsOf(forms, new Set([...Object.keys(answers), ...(lead.claims ?? []).map((claim) => claim.field), ...fit.breakdown.map((reason) => reason.field)])),
    asked: askedOf(lead, answers, forms),
    source: lead.source ? { formId: lead.source.formId, formTitle: sourceForm?.title ?? lead.source.formId, utmSource: lead.source.utmSource ?? null } : null,
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
    history: lifecycle.history.map((step) => ({ ...step, why: whyInWords(step.why, (formId) => forms.find((form) => form.id === formId)?.title) })),
    notifications: await deps.store.notifications(lead.leadId),
    routing: { owner: score?.owner ?? null, grade: fit.grade, band: interest.band },
    playbook: { id: playbook.id },
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
    scoredAt: score?.scoredAt ?? null,
    mergedFrom: lead.mergedFrom,
  };
};
