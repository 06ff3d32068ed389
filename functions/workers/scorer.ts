import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { advance, answersOf, leadEvents, newLifecycle, notificationDue, playbookOf, scoreLead, type Form, type Playbook, type Score } from '../core/index.js';
import { defaultAdapters, type Adapters } from '../adapters/clients.js';
import { createNotifiers } from '../adapters/notifiers.js';
import { findDocument, type Loaded } from '../app/documents.js';
import { ClaimBusyError, RetryLaterError } from '../app/ports/errors.js';
import { applySubmission } from '../app/apply-submission.js';
import { LeadErasedError } from '../app/errors.js';
import { resolveLead } from '../app/leads.js';
import { retryOnConflict } from '../app/retry.js';
import { logger } from '../adapters/logger.js';
import { ScoringJob, type ScoringQueue } from '../adapters/scoring-queue.js';
import type { StoredLead, SubmissionRecord } from '../app/ports/store.js';
import { notifyQualified, type NotifyDependencies } from './notify.js';

export type ScorerDependencies = NotifyDependencies & { queue?: Pick<ScoringQueue, 'retryLater' | 'defer'> };

/** Backoff for a job that failed: 10 s, 20 s, 40 s … up to 15 minutes, unless the failure names its own wait. */
export const backoffSeconds = (receiveCount: number, requested?: number): number =>
  requested ?? Math.min(900, 10 * 2 ** Math.max(0, receiveCount - 1));

/** Scores, then moves the lifecycle; reloads and recomputes when another scorer got there first. */
const qualify = (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, handRaised: boolean, formId: string | undefined) => {
  let current = found;
  return retryOnConflict(async (attempt) => {
    if (attempt > 1) current = (await resolveLead(deps.store, current.lead.leadId)) ?? current;
    const now = deps.now();
    const { lead } = current;
    const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
    const score: Score = scoreLead(playbook.document, { answers: answersOf(lead), events: leadEvents(activity) }, now);
    const step = advance(
      current.lifecycle ?? newLifecycle(),
      { kind: 'scored', grade: score.fit.grade, band: score.interest.band, owner: score.owner, handRaised, ...(formId ? { formId } : {}), now },
      playbook.document,
    );
    if (!step.ok) throw new Error(`scoring cannot be refused, yet it was: ${step.message}`);
    await deps.store.saveQualification(
      lead.leadId,
      { lifecycle: step.lifecycle, score: { ...score, playbookId: playbook.document.id, playbookVersion: playbook.version, scoredAt: now.toISOString() } },
      current.lifecycleVersion,
    );
    return { lead, lifecycle: step.lifecycle, score, lifecycleVersion: (current.lifecycleVersion ?? 0) + 1 };
  });
};

/** The job's own item: gone means erased (GDPR) after it was queued, and then there is nothing to score. */
const itemOf = (deps: ScorerDependencies, job: ScoringJob) =>
  job.kind === 'submission' ? deps.store.getSubmission(job.leadId, job.id) : deps.store.getEvent(job.leadId, job.id);

/**
 * A step the API stored but did not apply (it crashed, or the lead was too busy) is applied
 * here; answers the lead as it stands after, or undefined when it was erased meanwhile.
 */
const applied = async (deps: ScorerDependencies, submission: SubmissionRecord, form: Form, found: StoredLead | undefined): Promise<StoredLead | undefined> => {
  // A step given under the lead's own id is listed on it; an alias's step is checked (and healed) by applying it again.
  if (found?.lead.leadId === submission.leadId && found.lead.submissionIds.includes(submission.submissionId)) return found;
  try {
    await applySubmission(deps.store, submission, form);
  } catch (error) {
    if (!(error instanceof LeadErasedError)) throw error;
    await deps.store.dropActivity('submission', submission.leadId, submission.submissionId);
    return undefined;
  }
  return resolveLead(deps.store, submission.leadId);
};

/**
 * Recomputes a lead's fit and interest from everything stored about it, moves its
 * lifecycle, and tells sales when it qualifies. A job is a hint, not a delta: replaying
 * it, or running two at once, computes the same score and sends nothing twice.
 */
export const scoreJob = async (deps: ScorerDependencies, job: ScoringJob): Promise<void> => {
  const { store } = deps;
  // The job names the lead its item is stored under, so both reads go out at once.
  const [item, resolved] = await Promise.all([itemOf(deps, job), resolveLead(store, job.leadId)]);
  if (!item) return;
  const submission = job.kind === 'submission' ? (item as SubmissionRecord) : undefined;
  const form = submission ? await findDocument(store, 'form', submission.formId, submission.formVersion) : undefined;
  if (submission && !form) throw new Error(`form ${submission.formId} version ${submission.formVersion} is not published; submission ${submission.submissionId} cannot be applied`);
  const found = submission && form ? await applied(deps, submission, form.document, resolved) : resolved;
  if (found) {
    const playbookId = playbookOf(found.lead);
    const playbook = await findDocument(store, 'playbook', playbookId);
    // Without its playbook a lead cannot be scored; failing sends the job on to retry, then the DLQ.
    if (!playbook) throw new Error(`playbook ${playbookId} is not published; lead ${found.lead.leadId} cannot be scored`);
    // A submission already scored raised its hand then; a redelivered job must not start a new cycle.
    const handRaised = Boolean(form?.document.handRaiser) && !item.scoredAt;
    const qualified = await qualify(deps, found, playbook, handRaised, submission?.formId);
    await deliverOwed(deps, qualified, playbook.document, form?.document.title);
  }
  await store.markScored(job.kind, job.leadId, job.id, deps.now().toISOString());
};

/** Sends the current cycle's notification if it is still owed, then remembers it went out. */
const deliverOwed = async (
  deps: ScorerDependencies,
  qualified: Awaited<ReturnType<typeof qualify>>,
  playbook: Playbook,
  formTitle: string | undefined,
): Promise<void> => {
  let { lifecycle, lifecycleVersion } = qualified;
  const cycle = notificationDue(lifecycle);
  if (cycle === undefined) return;
  const { lead, score } = qualified;
  await notifyQualified(deps, { lead, playbook, fit: score.fit, interest: score.interest, cycle, handRaiser: lifecycle.handRaiser, ...(formTitle ? { formTitle } : {}) });
  await retryOnConflict(async (attempt) => {
    if (attempt > 1) {
      const reloaded = await resolveLead(deps.store, lead.leadId);
      // If the lead moved on to another cycle meanwhile, that cycle's job owes its own notification.
      if (!reloaded?.lifecycle || reloaded.lifecycle.cycle !== cycle) return;
      ({ lifecycle } = reloaded);
      lifecycleVersion = reloaded.lifecycleVersion ?? 0;
    }
    await deps.store.saveQualification(lead.leadId, { lifecycle: { ...lifecycle, notifiedCycle: cycle } }, lifecycleVersion);
  });
};

/** The SQS handler: each message a job; failures reported per message, so one bad job holds up no other. */
export const createScorer = (deps: ScorerDependencies) => {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (message: SQSRecord): Promise<void> => {
    let job: ScoringJob | undefined;
    try {
      job = ScoringJob.parse(JSON.parse(message.body));
      await scoreJob(deps, job);
    } catch (error) {
      if (error instanceof ClaimBusyError && deps.queue && job) {
        // Another sender holds the notification's claim until its lease ends. Waiting on a new
        // message burns none of this one's receives, which are for failures and end in the DLQ.
        await deps.queue.defer(job, error.retryAfterSeconds);
        logger.info('a notification is being sent by another worker; the job waits out its lease', { messageId: message.messageId, leadId: job.leadId, retryInSeconds: error.retryAfterSeconds });
        return;
      }
      const receiveCount = Number(message.attributes.ApproximateReceiveCount) || 1;
      const wait = backoffSeconds(receiveCount, error instanceof RetryLaterError ? error.retryAfterSeconds : undefined);
      logger.warn('scoring job failed; it will be retried, then dead-lettered', { messageId: message.messageId, receiveCount, retryInSeconds: wait, error: (error as Error).message });
      await deps.queue?.retryLater(message.receiptHandle, wait).catch(() => undefined);
      throw error;
    }
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // One at a time: a batch often holds several jobs of one lead, and in parallel they would
    // race on its version and lose turns to retries.
    processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false, processInParallel: false });
};

export const scorerDependencies = ({ store, queue, config }: Adapters = defaultAdapters()): ScorerDependencies => {
  const { mailer, slack } = createNotifiers(config);
  return {
    store,
    mailer,
    ...(slack ? { slack } : {}),
    queue,
    now: () => new Date(),
    publicUrl: config.WINNOW_PUBLIC_URL,
    ...(config.WINNOW_LINK_SECRET ? { linkSecret: config.WINNOW_LINK_SECRET } : {}),
  };
};


