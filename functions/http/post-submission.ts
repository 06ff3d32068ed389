import {
  acceptStep,
  emptyProfile,
  mergeLeads,
  newEmailIn,
  newLeadRecord,
  nextQuestions,
  recordStep,
  survivorOf,
  type Form,
  type LeadRecord,
} from '../core/index.js';
import { ConflictError } from '../adapters/errors.js';
import type { StoredLead, SubmissionRecord } from '../adapters/store.js';
import { loadDocument } from './documents.js';
import { BadRequestError } from './errors.js';
import { leadOrNew, resolveLead } from '../adapters/leads.js';
import { defineRoute, type Dependencies, type Reply } from './route.js';
import { ErrorOut, FormParams, SubmissionBody, SubmissionOut } from './schemas.js';

const utmSourceOf = ({ context }: { context?: { utm?: Record<string, string> } }): { utmSource?: string } =>
  context?.utm?.utm_source ? { utmSource: context.utm.utm_source } : {};

/** Optimistic writes retry this often before a lead's concurrent traffic is treated as a fault. */
const MAX_ATTEMPTS = 5;

/**
 * The absorbed lead points at its survivor before the 202, so the browser's old leadId
 * answers as the survivor at once; a third write, made only when two leads merge.
 */
const markAbsorbed = async (deps: Dependencies, record: SubmissionRecord, survivor: LeadRecord): Promise<LeadRecord> => {
  if (record.mergedFrom) await deps.store.markMerged(record.mergedFrom, survivor.leadId);
  return survivor;
};

/**
 * Applies a stored submission to its lead's profile. Safe to run any number of times: a
 * profile that lists the submission is left alone, and a lost race reloads and re-applies.
 */
export const applySubmission = async (deps: Dependencies, record: SubmissionRecord, form: Form, preloaded?: StoredLead): Promise<LeadRecord> => {
  const at = new Date(record.at);
  let current = preloaded;
  for (let attempt = 1; ; attempt += 1) {
    current ??= await resolveLead(deps.store, record.leadId);
    let { lead } = leadOrNew(current, record.leadId, at);
    if (lead.submissionIds.includes(record.submissionId)) return markAbsorbed(deps, record, lead);
    if (record.mergedFrom) {
      const absorbed = await deps.store.getLead(record.mergedFrom);
      lead = mergeLeads(lead, absorbed?.lead ?? newLeadRecord(record.mergedFrom, at));
    }
    lead = recordStep(lead, form, { answers: record.answers as LeadRecord['answers'], skipped: record.skipped }, { submissionId: record.submissionId, at, ...utmSourceOf(record) });
    try {
      await deps.store.saveLead(lead, current?.version);
      return markAbsorbed(deps, record, lead);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      current = undefined;
    }
  }
};

/** The same submissionId again: make sure its first try is stored and queued, and answer as it did. */
const replay = async (deps: Dependencies, record: SubmissionRecord): Promise<Reply> => {
  const { document: form } = await loadDocument(deps.store, 'form', record.formId, record.formVersion);
  await applySubmission(deps, record, form);
  await deps.queue.enqueue({ kind: 'submission', id: record.submissionId, leadId: record.leadId });
  return { status: 202, body: record.response };
};

/** When the step's email belongs to another lead, the two are one person: the older survives. */
const withTwin = async (deps: Dependencies, own: StoredLead | undefined, lead: LeadRecord, email: string | undefined) => {
  const twinId = email ? (await deps.store.leadsByEmail(email)).find((id) => id !== lead.leadId) : undefined;
  const twin = twinId ? await resolveLead(deps.store, twinId) : undefined;
  if (!twin || twin.lead.leadId === lead.leadId) return { target: own, lead, mergedFrom: undefined };
  const { survivor, absorbed } = survivorOf(twin.lead, lead);
  return survivor === twin.lead
    ? { target: twin, lead: mergeLeads(twin.lead, lead), mergedFrom: lead.leadId }
    : { target: own, lead: mergeLeads(lead, absorbed), mergedFrom: absorbed.leadId };
};

export const postSubmission = defineRoute({
  method: 'POST',
  path: '/v1/forms/{formId}/submissions',
  summary: 'Submit one step of a form; stored at once, scored asynchronously',
  access: 'public',
  params: FormParams,
  body: SubmissionBody,
  responses: {
    202: { description: 'Stored and queued for scoring (or a replay of the same submissionId)', schema: SubmissionOut },
    400: { description: 'An answer is not valid; each issue names its field', schema: ErrorOut },
    404: { description: 'No such form', schema: ErrorOut },
  },
  handle: async ({ params, body }, deps) => {
    const { document: form, version } = await loadDocument(deps.store, 'form', params.formId);
    if (body._hp) {
      // A filled honeypot is a bot: answer as if stored, so it learns nothing, and store nothing.
      return { status: 202, body: { leadId: body.leadId ?? deps.newLeadId(), next: nextQuestions(form, emptyProfile()) } };
    }
    const previous = await deps.store.getSubmission(body.submissionId);
    if (previous) return replay(deps, previous);

    const now = deps.now();
    const own = body.leadId ? await resolveLead(deps.store, body.leadId) : undefined;
    const { lead } = leadOrNew(own, own?.lead.leadId ?? body.leadId ?? deps.newLeadId(), now);
    const accepted = acceptStep(form, lead, body.answers);
    if (!accepted.ok) throw new BadRequestError('some answers are not valid', accepted.issues);

    const merge = await withTwin(deps, own, lead, newEmailIn(lead, accepted.step));
    const updated = recordStep(merge.lead, form, accepted.step, { submissionId: body.submissionId, at: now, ...utmSourceOf(body) });
    const response = { leadId: updated.leadId, next: nextQuestions(form, updated) };
    const record: SubmissionRecord = {
      submissionId: body.submissionId,
      leadId: updated.leadId,
      formId: form.id,
      formVersion: version,
      answers: accepted.step.answers,
      skipped: accepted.step.skipped,
      ...(body.context ? { context: body.context } : {}),
      ...(merge.mergedFrom ? { mergedFrom: merge.mergedFrom } : {}),
      at: now.toISOString(),
      response,
    };
    // The record first: from here on the submission is accepted, and any retry completes it.
    if (!(await deps.store.putSubmission(record))) {
      const raced = await deps.store.getSubmission(body.submissionId);
      if (raced) return replay(deps, raced);
    }
    await applySubmission(deps, record, form, merge.target);
    await deps.queue.enqueue({ kind: 'submission', id: record.submissionId, leadId: record.leadId });
    return { status: 202, body: response };
  },
});
