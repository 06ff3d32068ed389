import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { advance, leadEvents, newLifecycle, notificationDue, playbookOf, scoreLead, type Playbook, type Score } from '../core/index.js';
import { defaultAdapters, type Adapters } from '../adapters/clients.js';
import { createNotifiers } from '../adapters/notifiers.js';
import { findDocument, type Loaded } from '../adapters/documents.js';
import { ConflictError, RetryLaterError } from '../adapters/errors.js';
import { resolveLead } from '../adapters/leads.js';
import { logger } from '../adapters/logger.js';
import { ScoringJob, type ScoringQueue } from '../adapters/scoring-queue.js';
import type { StoredLead, SubmissionRecord } from '../adapters/store.js';
import { notifyQualified, type NotifyDependencies } from './notify.js';

export type ScorerDependencies = NotifyDependencies & { queue?: Pick<ScoringQueue, 'retryLater'> };

/** Optimistic writes retry this often before concurrent scorers on one lead count as a fault. */
const MAX_ATTEMPTS = 5;

/** Backoff for a job that failed: 10 s, 20 s, 40 s … up to 15 minutes, unless the failure names its own wait. */
export const backoffSeconds = (receiveCount: number, requested?: number): number =>
  requested ?? Math.min(900, 10 * 2 ** Math.max(0, receiveCount - 1));

/** Scores, then moves the lifecycle; reloads and recomputes when another scorer got there first. */
const qualify = async (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, handRaised: boolean, formId: string | undefined) => {
  let current = found;
  for (let attempt = 1; ; attempt += 1) {
    const now = deps.now();
    const { lead } = current;
    const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
    const score: Score = scoreLead(playbook.document, { answers: lead.answers, events: leadEvents(activity) }, now);
    const step = advance(
      current.lifecycle ?? newLifecycle(),
      { kind: 'scored', grade: score.fit.grade, band: score.interest.band, owner: score.owner, handRaised, ...(formId ? { formId } : {}), now },
      playbook.document,
    );
    if (!step.ok) throw new Error(`scoring cannot be refused, yet it was: ${step.message}`);
    try {
      await deps.store.saveQualification(
        lead.leadId,
        { lifecycle: step.lifecycle, score: { ...score, playbookId: playbook.document.id, playbookVersion: playbook.version, scoredAt: now.toISOString() } },
        current.lifecycleVersion,
      );
      return { lead, lifecycle: step.lifecycle, score, lifecycleVersion: (current.lifecycleVersion ?? 0) + 1 };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      current = (await resolveLead(deps.store, lead.leadId)) ?? current;
    }
  }
};

/**
 * Recomputes a lead's fit and interest from everything stored about it, moves its
 * lifecycle, and tells sales when it qualifies. A job is a hint, not a delta: replaying
 * it, or running two at once, computes the same score and sends nothing twice.
 */
export const scoreJob = async (deps: ScorerDependencies, job: ScoringJob): Promise<void> => {
  const { store } = deps;
  // The job names the lead its item is stored under, so both reads go out at once.
  const [item, found] = await Promise.all([
    job.kind === 'submission' ? store.getSubmission(job.id) : store.getEvent(job.id),
    resolveLead(store, job.leadId),
  ]);
  // Gone means erased (GDPR) after it was queued: there is nothing left to score.
  if (!item) return;
  if (found) {
    const submission = job.kind === 'submission' ? (item as SubmissionRecord) : undefined;
    const playbookId = playbookOf(found.lead);
    const [playbook, form] = await Promise.all([
      findDocument(store, 'playbook', playbookId),
      submission ? findDocument(store, 'form', submission.formId, submission.formVersion) : undefined,
    ]);
    // Without its playbook a lead cannot be scored; failing sends the job on to retry, then the DLQ.
    if (!playbook) throw new Error(`playbook ${playbookId} is not published; lead ${found.lead.leadId} cannot be scored`);
    // A submission already scored raised its hand then; a redelivered job must not start a new cycle.
    const handRaised = Boolean(form?.document.handRaiser) && !item.scoredAt;
    const qualified = await qualify(deps, found, playbook, handRaised, submission?.formId);
    await deliverOwed(deps, qualified, playbook.document, form?.document.title);
  }
  await store.markScored(job.kind, job.id, deps.now().toISOString());
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
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    try {
      await deps.store.saveQualification(lead.leadId, { lifecycle: { ...lifecycle, notifiedCycle: cycle } }, lifecycleVersion);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const reloaded = await resolveLead(deps.store, lead.leadId);
      // If the lead moved on to another cycle meanwhile, that cycle's job owes its own notification.
      if (!reloaded?.lifecycle || reloaded.lifecycle.cycle !== cycle) return;
      ({ lifecycle } = reloaded);
      lifecycleVersion = reloaded.lifecycleVersion ?? 0;
    }
  }
};

/** The SQS handler: each message a job; failures reported per message, so one bad job holds up no other. */
export const createScorer = (deps: ScorerDependencies) => {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (message: SQSRecord): Promise<void> => {
    try {
      await scoreJob(deps, ScoringJob.parse(JSON.parse(message.body)));
    } catch (error) {
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


