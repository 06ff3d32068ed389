import { acceptStep, emptyProfile, newEmailIn, newLeadRecord, nextQuestions, recordStep, type Form, type NextStep } from '../core/index.js';
import { applySubmission, type EmailLookup, type Known } from './apply-submission.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { BusyError, IdempotencyKeyReusedError, InvalidRequestError, LeadErasedError, erasedMeanwhile, erasedTooOften, unknownLeadId } from './errors.js';
import { fingerprintOf, isReused } from './fingerprint.js';
import { MAX_LIVES, publicLead, successorOf } from './leads.js';
import { ConflictError } from './ports/errors.js';
import { isErased, type SubmissionRecord } from './ports/store.js';

/** One step of a form as a browser sends it (the wire schema has parsed it). */
export interface StepRequest {
  submissionId: string;
  leadId?: string | undefined;
  answers: Record<string, unknown>;
  context?: Record<string, unknown> | undefined;
  /** The honeypot: people leave it empty, bots fill it in. */
  _hp?: string | undefined;
}

/** What the browser is answered: its lead and the questions it is asked next. */
export interface StepAnswer {
  leadId: string;
  next: NextStep;
}

/**
 * Applies the stored step before answering. Should the lead's traffic keep winning the race
 * for its profile, the step is stored and queued already (the scorer applies it), and the
 * client is asked to retry, which answers as the first try would have.
 */
const complete = async (deps: AppDependencies, record: SubmissionRecord, form: Form, known?: Known): Promise<StepAnswer> => {
  try {
    await applySubmission(deps.store, record, form, known);
  } catch (error) {
    if (error instanceof ConflictError) throw new BusyError('this lead is busy with other steps; send the same submission again', 1, { cause: error });
    throw error;
  }
  return record.response as StepAnswer;
};

/** The same submissionId again: the same body is answered as the first time (completing it); another is refused. */
const replay = async (deps: AppDependencies, record: SubmissionRecord, fingerprint: string, form: Form, version: number, withEmail?: EmailLookup): Promise<StepAnswer> => {
  if (isReused(record, fingerprint)) throw new IdempotencyKeyReusedError('submissionId');
  const firstForm = record.formId === form.id && record.formVersion === version ? form : (await loadDocument(deps.store, 'form', record.formId, record.formVersion)).document;
  await deps.queue.enqueue({ kind: 'submission', id: record.submissionId, leadId: record.leadId });
  // Erased since the first try stored the step: the retry starts a new lead under the id's successor.
  return complete(deps, record, firstForm, withEmail ? { withEmail } : {}).catch(erasedTooOften);
};

const submit = async (deps: AppDependencies, form: Form, version: number, request: StepRequest, fingerprint: string, given: string): Promise<StepAnswer> => {
  let leadId = given;
  for (let life = 1; ; life += 1) {
    // The id of an erased lead is never brought back: the step starts a new lead under its successor.
    const next = () => {
      if (life >= MAX_LIVES) throw erasedMeanwhile();
      leadId = successorOf(deps.leadIds, leadId);
    };
    // No read of the submission first: the put below is conditional, and a retry finds its first try there.
    // An id derived from this very request is stored only by its own retry, whose put below
    // finds its first try; the lead's save is a conditional create, so no read is needed first.
    const fresh = request.leadId === undefined && life === 1;
    const found = fresh ? undefined : await deps.store.getLead(leadId);
    if (isErased(found)) {
      next();
      continue;
    }

    // The device is asked, and checked, from what it answered itself: never from another lead's profile.
    const now = deps.now();
    const lead = found?.lead ?? newLeadRecord(leadId, now);
    const accepted = acceptStep(form, lead, request.answers);
    if (!accepted.ok) {
      // A retry of a step stored before answers as the first try did, however the lead has moved on.
      const previous = await deps.store.getSubmission(leadId, request.submissionId);
      if (previous) return replay(deps, previous, fingerprint, form, version);
      throw new InvalidRequestError('some answers are not valid', accepted.issues);
    }
    // What the device is asked next; the stored step itself is applied by applySubmission, below.
    const updated = recordStep(lead, form, accepted.step, { submissionId: request.submissionId, at: now });
    const response: StepAnswer = { leadId, next: nextQuestions(form, updated) };
    const record: SubmissionRecord = {
      submissionId: request.submissionId,
      leadId,
      fingerprint,
      formId: form.id,
      formVersion: version,
      answers: accepted.step.answers,
      skipped: accepted.step.skipped,
      ...(request.context ? { context: request.context } : {}),
      at: now.toISOString(),
      response,
    };
    // The record first: from here on the step is accepted, and it is queued before it is
    // applied, so a crash or a busy lead leaves the scorer (and the client's retry) to finish it.
    // A new email's owners are needed only to apply the step (the twin it merges into), not to
    // store it: looked up beside the put, one round trip for both. An alias merges no further.
    const email = lead.mergedInto ? undefined : newEmailIn(lead, accepted.step);
    const [stored, owners] = await Promise.all([deps.store.putSubmission(record), email ? deps.store.leadsByEmail(email) : undefined]);
    const withEmail = email && owners ? { email, leadIds: owners } : undefined;
    if (!stored) {
      const raced = await deps.store.getSubmission(leadId, request.submissionId);
      if (raced) return replay(deps, raced, fingerprint, form, version, withEmail);
    }
    // Queued and applied at once: the record is stored, so a job that runs first applies it itself,
    // and a failed send fails the request, whose retry queues it again. The profile read above
    // saves applying a read of its own (a lost race reads again).
    const [queued, applied] = await Promise.allSettled([
      deps.queue.enqueue({ kind: 'submission', id: record.submissionId, leadId }),
      complete(deps, record, form, { profile: { found }, ...(withEmail ? { withEmail } : {}) }),
    ]);
    if (applied.status === 'fulfilled') {
      if (queued.status === 'rejected') throw queued.reason;
      return applied.value;
    }
    if (!(applied.reason instanceof LeadErasedError)) throw applied.reason;
    // Erased between the read and the write: take the record back and start anew.
    await deps.store.dropActivity('submission', leadId, record.submissionId);
    next();
  }
};

/**
 * Submit one step of a form: stored once per lead and `submissionId`, queued for scoring, then
 * applied to the lead's profile; answers the questions the device is asked next. A retry of
 * the same request answers as the first did; another body under its id is refused.
 */
export const submitStep = async (deps: AppDependencies, formId: string, request: StepRequest): Promise<StepAnswer> => {
  const { document: form, version } = await loadDocument(deps.store, 'form', formId);
  if (request._hp) {
    // A filled honeypot is a bot: answer as if stored, so it learns nothing, and store nothing.
    return { leadId: request.leadId ?? deps.leadIds.issue(), next: nextQuestions(form, emptyProfile()) };
  }
  const fingerprint = fingerprintOf({ formId: form.id, leadId: request.leadId, answers: request.answers, context: request.context });
  // No id: the retry of this very request must land on the lead its first try made; an id
  // derived here is signed by construction, so only a given one is checked (an HMAC saved).
  if (request.leadId === undefined) return submit(deps, form, version, request, fingerprint, deps.leadIds.derive(`submission\n${request.submissionId}\n${fingerprint}`));
  if (!deps.leadIds.isIssued(request.leadId) && !(await publicLead(deps.store, deps.leadIds, request.leadId).catch(erasedTooOften)).ok) throw unknownLeadId();
  return submit(deps, form, version, request, fingerprint, request.leadId);
};
