import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, withCorrelation } from '../app/logger.js';
import { ClaimBusyError, RetryLaterError } from '../app/ports/errors.js';
import { ScoringJob } from '../app/ports/queue.js';
import { withJobReads } from '../app/job-reads.js';
import { TallyFullError, scoreEventJobs, scoreJob, type ScorerDependencies } from '../app/score-job.js';

export { scoreJob, type ScorerDependencies } from '../app/score-job.js';

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

/** A batch by the lead each job names, in the order received; a message that is no job is a group of its own. */
const byLead = (received: readonly Received[]): Received[][] => {
  const groups = new Map<string, Received[]>();
  for (const entry of received) {
    const key = 'job' in entry ? entry.job.leadId : `message\n${entry.message.messageId}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()];
};

/**
 * A lead's jobs in order, each run of event jobs together: an event only adds to the lead's
 * tally, so a run is scored with one read and one write. A submission (it may change answers,
 * raise a hand, merge) and a message that is no job stay on their own.
 */
const eventRuns = (entries: readonly Received[]): Received[][] => {
  const isEvent = (entry: Received | undefined) => entry !== undefined && 'job' in entry && entry.job.kind === 'event';
  const runs: Received[][] = [];
  for (const entry of entries) {
    const last = runs.at(-1);
    if (last && isEvent(entry) && isEvent(last[0])) last.push(entry);
    else runs.push([entry]);
  }
  return runs;
};

/**
 * The SQS handler: each message a job; failures reported per message, so one bad job holds up
 * no other. A lead's jobs run one after another (in parallel they would race on its version
 * and lose turns to retries), a run of its events as one scoring that folds them all into the
 * lead's interest tally; distinct leads share nothing, so they run at once.
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

  /** A job, or a run of one lead's event jobs scored as one; answers the messages that failed. */
  const score = async (deps: ScorerDependencies, run: readonly Received[]): Promise<SQSRecord[]> => {
    try {
      const jobs = run.map((entry) => {
        if ('error' in entry) throw entry.error;
        return entry.job;
      });
      await (jobs.length === 1 && jobs[0] ? scoreJob(deps, jobs[0]) : scoreEventJobs(deps, jobs));
      return [];
    } catch (error) {
      const waits = await Promise.all(run.map((entry) => onFailure(deps, entry, error)));
      return run.filter((_, i) => !waits[i]).map((entry) => entry.message);
    }
  };

  const scoreLead = async (deps: ScorerDependencies, entries: readonly Received[]): Promise<SQSRecord[]> => {
    const failures: SQSRecord[] = [];
    for (const run of eventRuns(entries)) failures.push(...(await score(deps, run)));
    return failures;
  };

  /** The batch's leads and job items in one read; should it fail, each job reads its own. */
  const withBatchReads = async (received: readonly Received[]): Promise<ScorerDependencies> => {
    const jobs = received.flatMap((entry) => ('job' in entry ? [entry.job] : []));
    if (jobs.length === 0) return base;
    try {
      return { ...base, store: withJobReads(base.store, await base.store.jobReads(jobs)) };
    } catch (error) {
      logger.warn('the batch read failed; each job reads its own', { error: (error as Error).message });
      return base;
    }
  };

  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    return withCorrelation(context.awsRequestId, async () => {
      const received = event.Records.map(receive);
      const deps = await withBatchReads(received);
      const failed = (await Promise.all(byLead(received).map((entries) => scoreLead(deps, entries)))).flat();
      return { batchItemFailures: failed.map(({ messageId }) => ({ itemIdentifier: messageId })) };
    });
  };
};
