import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';

/** One message per stored submission or event: "score this lead again, because of this". */
export const ScoringJob = z.strictObject({
  kind: z.enum(['submission', 'event']),
  id: z.string().min(1).max(64),
  leadId: z.string().min(1).max(64),
});
export type ScoringJob = z.output<typeof ScoringJob>;

export interface ScoringQueue {
  enqueue(job: ScoringJob): Promise<void>;
  /** Backoff: the received message comes back after `seconds`, not the queue's default. */
  retryLater(receiptHandle: string, seconds: number): Promise<void>;
}

/** SQS caps a message's visibility at 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

export class SqsScoringQueue implements ScoringQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: ScoringJob): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(ScoringJob.parse(job)) }));
  }

  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    const VisibilityTimeout = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds)));
    await this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout }));
  }
}
