import type * as z from 'zod';
import { acceptStep, emptyProfile, newEmailIn, newLeadRecord, nextQuestions, recordStep, type Form } from '../../../core/index.js';
import { ConflictError } from '../../../app/ports/errors.js';
import { fingerprintOf, isReused } from '../../../adapters/lead-ids.js';
import { isErased, type SubmissionRecord } from '../../../app/ports/store.js';
import { applySubmission } from '../../../app/apply-submission.js';
import { LeadErasedError } from '../../../app/errors.js';
import { MAX_LIVES, publicLead, resolveLead, successorOf } from '../../../app/leads.js';
import { loadDocument } from '../../framework/documents.js';
import { BadRequestError, IdempotencyKeyReusedError, ServiceUnavailableError, erasedMeanwhile, erasedTooOften, unknownLeadId } from '../../framework/errors.js';
import { defineRoute, type Dependencies, type Reply } from '../../framework/route.js';
import { ErrorOut, FormParams, SubmissionBody, SubmissionOut } from '../../wire.js';

type Body = z.output<typeof SubmissionBody>;

/** The other live lead that gave this email: the step's device and it are one person. */
const twinFor = async (deps: Dependencies, leadId: string, email: string | undefined): Promise<string | undefined> => {
  if (!email) return undefined;
  for (const id of await deps.store.leadsByEmail(email)) {
    const twin = id === leadId ? undefined : await resolveLead(deps.store, id);
    if (twin && twin.lead.leadId !== leadId) return twin.lead.leadId;
  }
  return undefined;
};

/**
 * Applies the stored step before answering. Should the lead's traffic keep winning the race
 * for its profile, the step is stored and queued already (the scorer applies it), and the
 * client is asked to retry, which answers as the first try would have.
 */
const complete = async (deps: Dependencies, record: SubmissionRecord, form: Form): Promise<Reply> => {
  try {
    await applySubmission(deps.store, record, form);
  } catch (error) {
    if (error instanceof ConflictError) throw new ServiceUnavailableError('this lead is busy with other steps; send the same submission again', 1, { cause: error });
    throw error;
  }
  return { status: 202, body: record.response };
};

/** The same submissionId again: the same body is answered as the first time (completing it); another is refused. */
const replay = async (deps: Dependencies, record: SubmissionRecord, fingerprint: string, form: Form, version: number): Promise<Reply> => {
  if (isReused(record, fingerprint)) throw new IdempotencyKeyReusedError('submissionId');
  const firstForm = record.formId === form.id && record.formVersion === version ? form : (await loadDocument(deps.store, 'form', record.formId, record.formVersion)).document;
  await deps.queue.enqueue({ kind: 'submission', id: record.submissionId, leadId: record.leadId });
  // Erased since the first try stored the step: the retry starts a new lead under the id's successor.
  return complete(deps, record, firstForm).catch(erasedTooOften);
};

const submit = async (deps: Dependencies, form: Form, version: number, body: Body, fingerprint: string, given: string): Promise<Reply> => {
  let leadId = given;
  for (let life = 1; ; life += 1) {
    // The id of an erased lead is never brought back: the step starts a new lead under its successor.
    const next = () => {
      if (life >= MAX_LIVES) throw erasedMeanwhile();
      leadId = successorOf(deps.leadIds, leadId);
    };
    const [previous, found] = await Promise.all([deps.store.getSubmission(leadId, body.submissionId), deps.store.getLead(leadId)]);
    if (isErased(found)) {
      next();
      continue;
    }
    if (previous) return replay(deps, previous, fingerprint, form, version);

    // The device is asked, and checked, from what it answered itself: never from another lead's profile.
    const now = deps.now();
    const own = found?.lead ?? newLeadRecord(leadId, now);
    const accepted = acceptStep(form, own, body.answers);
    if (!accepted.ok) throw new BadRequestError('some answers are not valid', accepted.issues);
    const mergeWith = own.mergedInto ? undefined : await twinFor(deps, leadId, newEmailIn(own, accepted.step));
    // What the device is asked next; the stored step itself is applied by applySubmission, below.
    const updated = recordStep(own, form, accepted.step, { submissionId: body.submissionId, at: now });
    const record: SubmissionRecord = {
      submissionId: body.submissionId,
      leadId,
      fingerprint,
      formId: form.id,
      formVersion: version,
      answers: accepted.step.answers,
      skipped: accepted.step.skipped,
      ...(body.context ? { context: body.context } : {}),
      ...(mergeWith ? { mergeWith } : {}),
      at: now.toISOString(),
      response: { leadId, next: nextQuestions(form, updated) },
    };
    // The record first: from here on the step is accepted, and it is queued before it is
    // applied, so a crash or a busy lead leaves the scorer (and the client's retry) to finish it.
    if (!(await deps.store.putSubmission(record))) {
      const raced = await deps.store.getSubmission(leadId, body.submissionId);
      if (raced) return replay(deps, raced, fingerprint, form, version);
    }
    await deps.queue.enqueue({ kind: 'submission', id: record.submissionId, leadId });
    try {
      return await complete(deps, record, form);
    } catch (error) {
      if (!(error instanceof LeadErasedError)) throw error;
      // Erased between the read and the write: take the record back and start anew.
      await deps.store.dropActivity('submission', leadId, record.submissionId);
      next();
    }
  }
};

export const postSubmission = defineRoute({
  method: 'POST',
  path: '/v1/forms/{formId}/submissions',
  summary: 'Submit one step of a form; stored at once, scored asynchronously',
  access: 'public',
  params: FormParams,
  body: SubmissionBody,
  responses: {
    202: { description: 'Stored and queued for scoring (or a replay of the same submissionId with the same body)', schema: SubmissionOut },
    400: { description: 'An answer is not valid (each issue names its field), or a leadId this server never issued', schema: ErrorOut },
    404: { description: 'No such form', schema: ErrorOut },
    409: { description: 'This submissionId was sent before with another body (idempotency_key_reused)', schema: ErrorOut },
    503: { description: 'The lead is busy with other steps: the step is stored; send it again after Retry-After', schema: ErrorOut },
  },
  handle: async ({ params, body }, deps) => {
    const { document: form, version } = await loadDocument(deps.store, 'form', params.formId);
    if (body._hp) {
      // A filled honeypot is a bot: answer as if stored, so it learns nothing, and store nothing.
      return { status: 202, body: { leadId: body.leadId ?? deps.leadIds.issue(), next: nextQuestions(form, emptyProfile()) } };
    }
    const fingerprint = fingerprintOf({ formId: form.id, leadId: body.leadId, answers: body.answers, context: body.context });
    // No id: the retry of this very request must land on the lead its first try made.
    const leadId = body.leadId ?? deps.leadIds.derive(`submission\n${body.submissionId}\n${fingerprint}`);
    if (!deps.leadIds.isIssued(leadId) && !(await publicLead(deps.store, deps.leadIds, leadId).catch(erasedTooOften)).ok) throw unknownLeadId();
    return submit(deps, form, version, body, fingerprint, leadId);
  },
});
