import type { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { WebhookJob, type WebhookQueue } from '../app/ports/webhooks.js';
import { queueClient, sendMessageBatches } from './scoring-queue.js';

/** The webhook worker's queue: a delay over SQS's 15 minutes is cut to them, as the sweeper sends what waits longer. */
export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueueAll(jobs: readonly WebhookJob[], delaySeconds = 0): Promise<void> {
    await sendMessageBatches(
      this.client,
      this.queueUrl,
      jobs.map((job) => JSON.stringify(WebhookJob.parse(job))),
      'webhook deliveries',
      delaySeconds,
    );
  }
}

/** A queue with a client of its own: what `createAdapters` loads on the first send. */
export const sqsWebhookQueue = (clientConfig: SQSClientConfig, queueUrl: string): SqsWebhookQueue => new SqsWebhookQueue(queueClient(clientConfig), queueUrl);
