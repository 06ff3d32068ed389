import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
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
}

export class SqsScoringQueue implements ScoringQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: ScoringJob): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(ScoringJob.parse(job)) }));
  }
}
