import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SCORING_MAX_RECEIVES } from '../../functions/adapters/scoring-queue.js';

export interface DeadLetterWatch {
  /** Reads the dead-letter queue's depth once; says so when it grew. */
  check: () => Promise<void>;
  stop: () => void;
}

/** How the terminal names what waits in a dead-letter queue, and what a restart does about it. */
export interface DeadLetterWords {
  one: string;
  many: string;
  restart: string;
}

export const SCORING_DEAD_LETTERS: DeadLetterWords = { one: 'scoring job', many: 'scoring jobs', restart: 'unscored work is queued again' };
export const WEBHOOK_DEAD_LETTERS: DeadLetterWords = {
  one: 'webhook delivery message',
  many: 'webhook delivery messages',
  restart: 'pending deliveries are queued again, and the admin page redelivers failed ones',
};

/**
 * On AWS an alarm fires when a job reaches the dead-letter queue; here the terminal says so,
 * so a failure that outlived its retries never passes silently.
 */
export const watchDeadLetters = (
  { sqs, deadLetterUrl, everyMs, what = SCORING_DEAD_LETTERS }: { sqs: Pick<SQSClient, 'send'>; deadLetterUrl: string; everyMs: number; what?: DeadLetterWords },
  log: (line: string) => void,
): DeadLetterWatch => {
  let seen = 0;
  const check = async (): Promise<void> => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const depth = Number(Attributes.ApproximateNumberOfMessages ?? 0);
    if (depth > seen) {
      const jobs = `${depth} ${depth === 1 ? what.one : what.many}`;
      log(`${jobs} failed ${SCORING_MAX_RECEIVES} times and wait in the dead-letter queue (${deadLetterUrl}); the errors are above. Fix the cause and restart: ${what.restart}.`);
    }
    seen = depth;
  };
  const timer = setInterval(() => void check().catch((error: unknown) => log(`could not read the dead-letter queue: ${(error as Error).message}`)), everyMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
};
