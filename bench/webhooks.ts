/**
 * Webhook deliveries per second through the local queue (SQS stand-in, dynalite, the worker's
 * claim, signing and bookkeeping) to a loopback receiver, beside raw HTTP POSTs of the same body
 * from the same process in the same run: what the pipeline costs per delivery.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAdapters } from '../functions/adapters/clients.js';
import { readConfig } from '../functions/adapters/config.js';
import { deliver } from '../functions/adapters/webhook-sender.js';
import { sqsWebhookQueue } from '../functions/adapters/webhook-queue.js';
import { queueWebhookEvent } from '../functions/app/webhook-outbox.js';
import { newSecret, webhookBody, webhookTestData } from '../functions/core/webhooks.js';
import { createWebhookDeliverer } from '../functions/workers/webhook-deliverer.js';
import { toSqsEvent } from '../infra/local/queue-poller.js';
import { lambdaContext } from '../infra/local/lambda-context.js';
import { clientConfig, ensureQueues, ensureTable, startDynamo, startSqs } from '../infra/local/servers.js';

const DELIVERIES = 300;
const CONCURRENCY = 10;

export const webhooksBench = async (): Promise<void> => {
  const [dynamo, sqsServer] = await Promise.all([startDynamo(), startSqs()]);
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    await ensureTable(dynamo.url, 'winnow-bench');
    const scoring = await ensureQueues(sqsServer.url, 'winnow-bench-scoring');
    const { queueUrl } = await ensureQueues(sqsServer.url, 'winnow-bench-webhooks', 30);
    const config = readConfig({ WINNOW_TABLE: 'winnow-bench', WINNOW_SCORING_QUEUE_URL: scoring.queueUrl, WINNOW_DYNAMODB_ENDPOINT: dynamo.url, WINNOW_SQS_ENDPOINT: sqsServer.url });
    const { store } = createAdapters(config);
    const webhookQueue = sqsWebhookQueue(clientConfig(sqsServer.url), queueUrl);
    const now = () => new Date();
    const secret = newSecret(new Uint8Array(32).fill(5));
    await store.saveWebhookEndpoint({ id: 'bench', url, events: ['lead.qualified'], enabled: true, secrets: [{ secret, createdAt: now().toISOString() }], createdAt: now().toISOString() }, undefined);
    const body = JSON.stringify(webhookBody('webhook.test', now().toISOString(), webhookTestData('bench')));

    // Baseline: the same signed POST, straight from this process.
    let started = performance.now();
    for (let sent = 0; sent < DELIVERIES; sent += CONCURRENCY) {
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => deliver(url, { id: `msg_raw_${sent + i}`, timestamp: now(), body, secrets: [secret] })));
    }
    const rawPerSecond = DELIVERIES / ((performance.now() - started) / 1000);

    // The pipeline: each delivery stored, queued, received, claimed, sent and recorded.
    const handler = createWebhookDeliverer({ store, now, send: (target, message) => deliver(target, message), webhookQueue, mailer: { send: async () => 'none' }, alarmEmails: [] });
    const sqs = new SQSClient(clientConfig(sqsServer.url));
    started = performance.now();
    for (let i = 0; i < DELIVERIES; i += 1) await queueWebhookEvent({ store, now, webhookQueue }, { type: 'webhook.test', body, idFor: () => `msg_bench_${i}` }, ['bench']);
    const queuedAt = performance.now();
    let handled = 0;
    while (handled < DELIVERIES) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ['All'] }));
      if (Messages.length === 0) continue;
      await handler(toSqsEvent(Messages, { queueArn: 'arn:aws:sqs:us-east-1:123456789012:winnow-bench-webhooks', region: 'us-east-1' }), lambdaContext('winnow-webhooks', 30_000));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })) }));
      handled += Messages.length;
    }
    const pipelinePerSecond = DELIVERIES / ((performance.now() - started) / 1000);
    const phases = `storing and queueing ${DELIVERIES}: ${(queuedAt - started).toFixed(0)} ms; the worker sending and recording them: ${(performance.now() - queuedAt).toFixed(0)} ms`;
    sqs.destroy();

    console.log('\nwebhooks: deliveries per second to a loopback receiver');
    console.table([
      { path: 'raw signed POST (baseline)', 'deliveries/s': Math.round(rawPerSecond).toLocaleString('en-US'), 'cost vs baseline': '1.00×' },
      { path: 'stored → queued → worker → recorded', 'deliveries/s': Math.round(pipelinePerSecond).toLocaleString('en-US'), 'cost vs baseline': `${(rawPerSecond / pipelinePerSecond).toFixed(2)}×` },
    ]);
    console.log(phases);
  } finally {
    receiver.closeAllConnections();
    receiver.close();
    await Promise.all([dynamo.close(), sqsServer.close()]);
  }
};
