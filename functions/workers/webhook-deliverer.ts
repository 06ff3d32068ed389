import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, withCorrelation } from '../app/logger.js';
import { WebhookJob } from '../app/ports/webhooks.js';
import { attemptDelivery, sweepDueDeliveries, type WebhookDeliveryDependencies } from '../app/webhook-delivery.js';

export { attemptDelivery, sweepDueDeliveries, type WebhookDeliveryDependencies } from '../app/webhook-delivery.js';

const isQueueBatch = (event: SQSEvent | ScheduledEvent): event is SQSEvent => 'Records' in event;

/**
 * The webhook worker: fed by its own queue, one attempt per message, each message's failure its
 * own (a receiver's failure is no failure here: it is recorded and retried on the SPEC's schedule;
 * only ours, a store or queue error, sends the message back and, repeated, to the dead-letter
 * queue). Run by the schedule instead, it sweeps: every due delivery is queued.
 */
export const createWebhookDeliverer = (deps: WebhookDeliveryDependencies & { webhookQueue: NonNullable<WebhookDeliveryDependencies['webhookQueue']> }) => {
  const attempt = async (record: SQSRecord): Promise<boolean> => {
    try {
      const outcome = await attemptDelivery(deps, WebhookJob.parse(JSON.parse(record.body)));
      logger.info('webhook attempt', { messageId: record.messageId, outcome });
      return true;
    } catch (error) {
      logger.warn('a webhook attempt failed on our side; the message comes back, then goes to the dead-letter queue', { messageId: record.messageId, body: record.body, error: (error as Error).message });
      return false;
    }
  };

  function handle(event: SQSEvent, context: Context): Promise<SQSBatchResponse>;
  function handle(event: ScheduledEvent, context: Context): Promise<{ queued: number }>;
  function handle(event: SQSEvent | ScheduledEvent, context: Context): Promise<SQSBatchResponse | { queued: number }> {
    logger.addContext(context);
    return withCorrelation(context.awsRequestId, async () => {
      if (!isQueueBatch(event)) {
        const queued = await sweepDueDeliveries(deps);
        if (queued > 0) logger.info('queued due webhook deliveries', { queued });
        return { queued };
      }
      const results = await Promise.all(event.Records.map(async (record) => ({ record, ok: await attempt(record) })));
      return { batchItemFailures: results.filter(({ ok }) => !ok).map(({ record }) => ({ itemIdentifier: record.messageId })) };
    });
  }
  return handle;
};
