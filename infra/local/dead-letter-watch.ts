import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SCORING_MAX_RECEIVES } from '../../functions/adapters/scoring-queue.js';

export interface DeadLetterWatch {
  /** Reads the dead-letter queue's depth once; says so when it grew. */
  check: () => Promise<void>;
  stop: () => void;
}

/**
 * On AWS an alarm fires when a job reaches the dead-letter queue; here the terminal says so,
 * so a failure that outlived its retries never passes silently.
 */
export const watchDeadLetters = (
  { sqs, deadLetterUrl, everyMs }: { sqs: Pick<SQSClient, 'send'>; deadLetterUrl: string; everyMs: number },
  log: (line: string) => void,
): DeadLetterWatch => {
  let seen = 0;
  const check = async (): Promise<void> => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const depth = Number(Attributes.ApproximateNumberOfMessages ?? 0);
    if (depth > seen) {
      const jobs = `${depth} scoring job${depth === 1 ? '' : 's'}`;
      log(`${jobs} failed ${SCORING_MAX_RECEIVES} times and wait in the dead-letter queue (${deadLetterUrl}); the errors are above. Fix the cause and restart: unscored work is queued again.`);
    }
    seen = depth;
  };
  const timer = setInterval(() => void check().catch((error: unknown) => log(`could not read the dead-letter queue: ${(error as Error).message}`)), everyMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
};
