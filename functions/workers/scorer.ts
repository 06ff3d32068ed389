import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, withCorrelation } from '../app/logger.js';
import { ClaimBusyError, RetryLaterError } from '../app/ports/errors.js';
import { ScoringJob } from '../app/ports/queue.js';
import { withJobReads } from '../app/job-reads.js';
import { TallyFullError, scoreLeadJobs, type ScorerDependencies } from '../app/score-job.js';

export { scoreJob, scoreLeadJobs, type ScorerDependencies } from '../app/score-job.js';

/** Backoff for a job that failed: 10 s, 20 s, 40 s … up to 15 minutes, unless the failure names its own wait. */
export const backoffSeconds = (receiveCount: number, requested?: number): number =>
  requested ?? Math.min(900, 10 * 2 ** Math.max(0, receiveCount - 1));

/** A message and the job it carries, or the error it is no job for. */
type Received = { message: SQSRecord; job: ScoringJob } | { message: SQSRecord; error: unknown };

const receive = (message: SQSRecord): Received => {
  try {
    return { message, job: ScoringJob.parse(JSON.parse(message.body)) };
  } catch (error) {
    return { message, error };
  }
};

type Job = Extract<Received, { job: ScoringJob }>;

/** A batch's jobs by the lead each names, in the order received. */
const byLead = (jobs: readonly Job[]): Job[][] => {
  const groups = new Map<string, Job[]>();
  for (const entry of jobs) groups.set(entry.job.leadId, [...(groups.get(entry.job.leadId) ?? []), entry]);
  return [...groups.values()];
};

/**
 * The SQS handler: each message a job; failures reported per message, so a message that is no
 * job holds up no other. A lead's jobs are scored as one (apart they would race on its version
 * and lose turns to retries): one read and one write, its steps applied in order and every item
 * folded into its interest tally; distinct leads share nothing, so they run at once.
 */
export const createScorer = (base: ScorerDependencies) => {
  /** A failed job waits out a lease or a full tally as a new message (true), or comes back with backoff (false). */
  const onFailure = async (deps: ScorerDependencies, entry: Received, error: unknown): Promise<boolean> => {
    const { message } = entry;
    const job = 'job' in entry ? entry.job : undefined;
    if ((error instanceof ClaimBusyError || error instanceof TallyFullError) && deps.queue && job) {
      // Another sender holds the notification's claim until its lease ends, or the lead's tally
      // waits for its watermark to move on. Waiting on a new message burns none of this one's
      // receives, which are for failures and end in the DLQ; should that send fail, the message
      // itself comes back as any failure does.
      const deferred = await deps.queue.defer(job, error.retryAfterSeconds).then(
        () => true,
        () => false,
      );
      if (deferred) {
        const why =
          error instanceof TallyFullError
            ? 'the lead’s tally is full until its watermark moves on; the job waits'
            : 'a notification is being sent by another worker; the job waits out its lease';
        logger.info(why, { messageId: message.messageId, leadId: job.leadId, retryInSeconds: error.retryAfterSeconds });
        return true;
      }
    }
    const receiveCount = Number(message.attributes.ApproximateReceiveCount) || 1;
    const wait = backoffSeconds(receiveCount, error instanceof RetryLaterError ? error.retryAfterSeconds : undefined);
    logger.warn('scoring job failed; it will be retried, then dead-lettered', { messageId: message.messageId, leadId: job?.leadId, receiveCount, retryInSeconds: wait, error: (error as Error).message });
    await deps.queue?.retryLater(message.receiptHandle, wait).catch(() => undefined);
    return false;
  };

  /** The messages of jobs that failed with `error` and do not wait it out as new messages. */
  const failing = async (deps: ScorerDependencies, entries: readonly Received[], error: unknown): Promise<SQSRecord[]> => {
    const waits = await Promise.all(entries.map((entry) => onFailure(deps, entry, error)));
    return entries.filter((_, i) => !waits[i]).map((entry) => entry.message);
  };

  /**
   * One lead's jobs scored as one; answers the messages that failed. Should that fail for
   * another reason than a wait the whole lead shares (`RetryLaterError`), each job is scored on its own, so one bad
   * job (a step whose form version is not published) holds up none of the others.
   */
  const scoreLead = async (deps: ScorerDependencies, entries: readonly Job[]): Promise<SQSRecord[]> => {
    try {
      await scoreLeadJobs(deps, entries.map((entry) => entry.job));
      return [];
    } catch (error) {
      // A wait (a lease, a full tally, a channel's Retry-After) is the lead's: every job waits it out.
      if (entries.length === 1 || error instanceof RetryLaterError) return failing(deps, entries, error);
      logger.info('scoring a lead’s jobs together failed; each is scored on its own', { leadId: entries[0]?.job.leadId, error: (error as Error).message });
      const failed: SQSRecord[] = [];
      for (const entry of entries) failed.push(...(await scoreLead(deps, [entry])));
      return failed;
    }
  };

  /** A message that is no job fails: retried with backoff, then dead-lettered for a person to read. */
  const refuse = (deps: ScorerDependencies, entry: Received & { error: unknown }): Promise<SQSRecord[]> => failing(deps, [entry], entry.error);

  /** The batch's leads, and the items its jobs do not carry, in one read; should it fail, each job reads its own. */
  const withBatchReads = async (jobs: readonly ScoringJob[]): Promise<ScorerDependencies> => {
    if (jobs.length === 0) return base;
    try {
      return { ...base, store: withJobReads(base.store, await base.store.jobReads(jobs.map((job) => job.leadId), jobs.filter((job) => !job.event))) };
    } catch (error) {
      logger.warn('the batch read failed; each job reads its own', { error: (error as Error).message });
      return base;
    }
  };

  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    return withCorrelation(context.awsRequestId, async () => {
      const received = event.Records.map(receive);
      const jobs = received.filter((entry): entry is Job => 'job' in entry);
      const deps = await withBatchReads(jobs.map((entry) => entry.job));
      const broken = received.filter((entry): entry is Received & { error: unknown } => 'error' in entry);
      const failed = (await Promise.all([...byLead(jobs).map((entries) => scoreLead(deps, entries)), ...broken.map((entry) => refuse(deps, entry))])).flat();
      return { batchItemFailures: failed.map(({ messageId }) => ({ itemIdentifier: messageId })) };
    });
  };
};
