import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { startQueuePoller, type SqsHandler } from '../../../infra/local/queue-poller.js';

const sqs = mockClient(SQSClient);
const QUEUE = 'http://127.0.0.1:9324/123456789012/winnow-scoring';

const aMessage = (id: string): Message => ({ MessageId: id, ReceiptHandle: `receipt-${id}`, Body: '{}', Attributes: { ApproximateReceiveCount: '1' } });

describe('the local host’s queue poller', () => {
  let timeline: string[];

  beforeEach(() => {
    sqs.reset();
    timeline = [];
  });

  /** The poller on the mocked queue, its errors on the timeline. */
  const pollerFor = (handler: SqsHandler, concurrency?: number) =>
    startQueuePoller({
      sqs: new SQSClient({ region: 'us-east-1' }),
      queueUrl: QUEUE,
      queueArn: 'arn:aws:sqs:us-east-1:123456789012:winnow-scoring',
      region: 'us-east-1',
      visibilityTimeoutSeconds: 30,
      handler,
      onError: (line) => timeline.push(`error ${line}`),
      ...(concurrency === undefined ? {} : { concurrency }),
    });

  it('fetches the next two batches while the scorer works on the current one, and delivers each batch once, in order', async () => {
    // Prepare: three batches, then an empty queue.
    const batches = [[aMessage('a1'), aMessage('a2')], [aMessage('b1')], [aMessage('c1')]];
    let receives = 0;
    sqs.on(ReceiveMessageCommand).callsFake(async () => {
      receives += 1;
      timeline.push(`receive ${receives}`);
      return { Messages: batches.shift() ?? [] };
    });
    sqs.on(DeleteMessageBatchCommand).resolves({ Failed: [] });
    const delivered: string[][] = [];
    let allDelivered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allDelivered = resolve));
    const handler: SqsHandler = async (event) => {
      timeline.push(`score ${event.Records.map((r) => r.messageId).join(',')} starts`);
      // The scorer takes a while: long enough for a prefetch to be sent meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
      timeline.push(`score ${event.Records.map((r) => r.messageId).join(',')} ends`);
      delivered.push(event.Records.map((r) => r.messageId));
      if (delivered.length === 3) allDelivered();
      return { batchItemFailures: [] };
    };

    // Act
    const poller = pollerFor(handler);
    await done;
    await poller.stop();

    // Assess
    expect(delivered).toEqual([['a1', 'a2'], ['b1'], ['c1']]);
    expect(timeline.indexOf('receive 2')).toBeLessThan(timeline.indexOf('score a1,a2 ends'));
    expect(timeline.indexOf('receive 3')).toBeLessThan(timeline.indexOf('score a1,a2 ends'));
    expect(timeline.indexOf('score a1,a2 ends')).toBeLessThan(timeline.indexOf('score b1 starts'));
    expect(timeline.indexOf('score b1 ends')).toBeLessThan(timeline.indexOf('score c1 starts'));
    expect(timeline.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(sqs.commandCalls(DeleteMessageBatchCommand).map((call) => call.args[0].input.Entries?.map((entry) => entry.ReceiptHandle))).toEqual([
      ['receipt-a1', 'receipt-a2'],
      ['receipt-b1'],
      ['receipt-c1'],
    ]);
  });

  it('handles up to `concurrency` batches at once, as an event source mapping does, and each batch once', async () => {
    // Prepare: five batches, then an empty queue.
    const batches = ['a', 'b', 'c', 'd', 'e'].map((id) => [aMessage(id)]);
    sqs.on(ReceiveMessageCommand).callsFake(async () => {
      const batch = batches.shift();
      // An empty queue answers a long poll after a wait, as SQS does.
      if (!batch) await new Promise((resolve) => setTimeout(resolve, 5));
      return { Messages: batch ?? [] };
    });
    sqs.on(DeleteMessageBatchCommand).resolves({ Failed: [] });
    const delivered: string[] = [];
    let handling = 0;
    let most = 0;
    let allDelivered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allDelivered = resolve));
    const handler: SqsHandler = async (event) => {
      handling += 1;
      most = Math.max(most, handling);
      await new Promise((resolve) => setTimeout(resolve, 20));
      handling -= 1;
      delivered.push(...event.Records.map((r) => r.messageId));
      if (delivered.length === 5) allDelivered();
      return { batchItemFailures: [] };
    };

    // Act
    const poller = pollerFor(handler, 2);
    await done;
    await poller.stop();

    // Assess
    expect(most).toBe(2);
    expect([...delivered].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(timeline).toEqual([]);
  });

  it('stopped while the next batches are on their way, lets those receives answer and hands their messages back at once, unhandled', async () => {
    // Prepare: a batch at once, the next two only after a while (a long poll), then nothing.
    const batches = [[aMessage('a')], [aMessage('b')], [aMessage('c')]];
    sqs.on(ReceiveMessageCommand).callsFake(async () => {
      const batch = batches.shift();
      if (batch?.[0]?.MessageId !== 'a') await new Promise((resolve) => setTimeout(resolve, 50));
      return { Messages: batch ?? [] };
    });
    sqs.on(DeleteMessageBatchCommand).resolves({ Failed: [] });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const delivered: string[] = [];
    let firstDelivered: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (firstDelivered = resolve));
    const poller = pollerFor(async (event) => {
      delivered.push(...event.Records.map((r) => r.messageId));
      firstDelivered();
      return { batchItemFailures: [] };
    });
    await first;

    // Act
    await poller.stop();

    // Assess
    expect(delivered).toEqual(['a']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'receipt-b', VisibilityTimeout: 0 },
      { QueueUrl: QUEUE, ReceiptHandle: 'receipt-c', VisibilityTimeout: 0 },
    ]);
    expect(timeline).toEqual([]);
  });

  it('deletes a batch while the next is scored, as an event source mapping does, and lets the deletes answer before it stops', async () => {
    // Prepare: two batches, then an empty queue; each delete takes a while to answer.
    const batches = [[aMessage('a')], [aMessage('b')]];
    sqs.on(ReceiveMessageCommand).callsFake(async () => {
      const batch = batches.shift();
      if (!batch) await new Promise((resolve) => setTimeout(resolve, 5));
      return { Messages: batch ?? [] };
    });
    sqs.on(DeleteMessageBatchCommand).callsFake(async (input: { Entries?: { ReceiptHandle?: string }[] }) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      timeline.push(`deleted ${input.Entries?.map((entry) => entry.ReceiptHandle).join(',')}`);
      return { Failed: [] };
    });
    let bothScored: () => void = () => undefined;
    const scored = new Promise<void>((resolve) => (bothScored = resolve));
    const poller = pollerFor(async (event) => {
      timeline.push(`score ${event.Records.map((r) => r.messageId).join(',')}`);
      if (event.Records.some((r) => r.messageId === 'b')) bothScored();
      return { batchItemFailures: [] };
    });
    await scored;

    // Act
    await poller.stop();

    // Assess: b was scored before a's delete answered; both deletes answered before stop did.
    expect(timeline.indexOf('score b')).toBeLessThan(timeline.indexOf('deleted receipt-a'));
    expect(timeline.filter((line) => line.startsWith('deleted')).sort()).toEqual(['deleted receipt-a', 'deleted receipt-b']);
  });
});
