import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { scoreJob, type ScorerDependencies } from '../app/score-job.js';
import { ClaimBusyError, RetryLaterError } from '../app/ports/errors.js';
import { ScoringJob } from '../app/ports/queue.js';
import { logger, withCorrelation } from '../app/logger.js';

export { scoreJob, type ScorerDependencies } from '../app/score-job.js';

/** Backoff for a job that failed: 10 s, 20 s, 40 s … up to 15 minutes, unless the failure names its own wait. */
export const backoffSeconds = (receiveCount: number, requested?: number): number =>
  requested ?? Math.min(900, 10 * 2 ** Math.max(0, receiveCount - 1));

/** The SQS handler: each message a job; failures reported per message, so one bad job holds up no other. */
export const createScorer = (deps: ScorerDependencies) => {
  const processor = new BatchProcessor(EventType.SQS);
  const record = (message: SQSRecord): Promise<void> => withCorrelation(message.messageId, () => score(message));
  const score = async (message: SQSRecord): Promise<void> => {
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
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    return (
    // One at a time: a batch often holds several jobs of one lead, and in parallel they would
    // race on its version and lose turns to retries.
    processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false, processInParallel: false })
    );
  };
};
