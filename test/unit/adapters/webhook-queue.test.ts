import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsWebhookQueue } from '../../../functions/adapters/webhook-queue.js';
import type { WebhookJob } from '../../../functions/app/ports/webhooks.js';
import { mockAws } from '../../helpers/http.js';

const aws = mockAws();
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-webhooks';

const someJobs = (n: number): WebhookJob[] => Array.from({ length: n }, (_, i) => ({ endpointId: 'hubspot', deliveryId: `msg_${i}` }));

describe('SqsWebhookQueue (mocked AWS SDK)', () => {
  let queue: SqsWebhookQueue;

  beforeEach(() => {
    aws.reset();
    queue = new SqsWebhookQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL);
  });

  it('sends many jobs ten to a request, each delayed by the whole seconds asked, 15 minutes at most', async () => {
    // Prepare
    const jobs = someJobs(12);

    // Act
    await queue.enqueueAll(jobs, 4.2);
    await queue.enqueueAll(someJobs(1), 7_200);
    await queue.enqueueAll(someJobs(1), -3);

    // Assess
    const batches = aws.sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(batches.map(({ QueueUrl, Entries = [] }) => [QueueUrl, Entries.length])).toEqual([[QUEUE_URL, 10], [QUEUE_URL, 2], [QUEUE_URL, 1], [QUEUE_URL, 1]]);
    expect(batches.slice(0, 2).flatMap(({ Entries = [] }) => Entries.map((entry) => JSON.parse(entry.MessageBody ?? '') as WebhookJob))).toEqual(jobs);
    expect(batches.map(({ Entries = [] }) => Entries[0]?.DelaySeconds)).toEqual([5, 5, 900, 0]);
  });

  it('refuses to send a job the worker could not parse, sending nothing', async () => {
    // Prepare
    const job = { endpointId: 'hubspot', deliveryId: '', body: '{}' } as unknown as WebhookJob;

    // Act
    const sending = queue.enqueueAll([job]);

    // Assess
    await expect(sending).rejects.toThrow();
    expect(aws.sqs.calls()).toEqual([]);
  });

  it('sends again the entries of a batch that SQS failed, then fails naming the reason when SQS keeps refusing one', async () => {
    // Prepare
    aws.sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '1', Code: 'InternalError', Message: 'try later', SenderFault: false }] });

    // Act
    const sending = queue.enqueueAll(someJobs(2));

    // Assess
    await expect(sending).rejects.toThrow('SQS refused 1 webhook deliveries: try later');
    const sent = aws.sqs.commandCalls(SendMessageBatchCommand).map((call) => (call.args[0].input.Entries ?? []).map((entry) => (JSON.parse(entry.MessageBody ?? '') as WebhookJob).deliveryId));
    expect(sent).toEqual([['msg_0', 'msg_1'], ['msg_1'], ['msg_1']]);
  });
});
