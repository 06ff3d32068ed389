import { SendMessageBatchCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { WebhookJob, type WebhookQueue } from '../app/ports/webhooks.js';

/** SQS delays a message 15 minutes at most: a retry due later waits on the table's due list for the sweeper. */
export const MAX_DELAY_SECONDS = 900;
/** SendMessageBatch's limit. */
const BATCH = 10;
/** A batch send can fail per entry; those are sent again this often before the call fails. */
const BATCH_ATTEMPTS = 3;

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueueAll(jobs: readonly WebhookJob[], delaySeconds = 0): Promise<void> {
    const DelaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
    const bodies = jobs.map((job) => JSON.stringify(WebhookJob.parse(job)));
    for (let start = 0; start < bodies.length; start += BATCH) {
      let entries = bodies.slice(start, start + BATCH).map((MessageBody, i) => ({ Id: String(i), MessageBody, DelaySeconds }));
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        const { Failed = [] } = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set(Failed.map((entry) => entry.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0 && attempt >= BATCH_ATTEMPTS) throw new Error(`SQS refused ${entries.length} webhook deliveries: ${Failed[0]?.Message ?? Failed[0]?.Code ?? 'no reason given'}`);
      }
    }
  }
}

/** A queue with a client of its own: what `createAdapters` loads on the first send. */
export const sqsWebhookQueue = (clientConfig: SQSClientConfig, queueUrl: string): SqsWebhookQueue => new SqsWebhookQueue(new SQSClient(clientConfig), queueUrl);
