import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientConfig, ensureQueues, ensureTable } from '../../infra/local/servers.js';
import { startStandInThread, type StandInThread } from '../../infra/local/stand-in-thread.js';

const KEY = { PK: { S: 'LEAD#kept' }, SK: { S: 'PROFILE' } };

/** Whether anything still answers at `url`: a closed server refuses the connection. */
const answers = async (url: string): Promise<boolean> =>
  fetch(url, { method: 'POST', signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );

/** `npm start`'s store and queue, on a thread of their own (infra/local/stand-in-thread.ts). */
describe('the local DynamoDB and SQS on a thread of their own', () => {
  let dataDir: string;
  const threads: StandInThread[] = [];
  const started = async (...args: Parameters<typeof startStandInThread>) => {
    const thread = await startStandInThread(...args);
    threads.push(thread);
    return thread;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'winnow-thread-'));
  });

  afterAll(async () => {
    await Promise.all(threads.map((thread) => thread.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the store and the queue, closes both (every caller waiting for one end), and keeps the store’s data for the next start on the same directory', async () => {
    // Prepare
    const path = join(dataDir, 'dynamodb');
    const onFailure = vi.fn();
    const first = await started({ dynamo: { path }, sqs: {} }, onFailure);
    const { dynamo, sqs } = first;
    if (!dynamo || !sqs) throw new Error('the thread did not start both servers');
    await ensureTable(dynamo, 'winnow');
    const table = new DynamoDBClient(clientConfig(dynamo));
    const queue = new SQSClient(clientConfig(sqs));
    const { queueUrl } = await ensureQueues(sqs);

    // Act
    await table.send(new PutItemCommand({ TableName: 'winnow', Item: { ...KEY, name: { S: 'Ada' } } }));
    await queue.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'job' }));
    const received = await queue.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    table.destroy();
    queue.destroy();
    const closes = await Promise.all([first.close(), first.close()]);
    const stillAnswering = [await answers(dynamo), await answers(sqs)];
    const second = await started({ dynamo: { path } }, onFailure);
    const reopened = new DynamoDBClient(clientConfig(second.dynamo ?? ''));
    const kept = await reopened.send(new GetItemCommand({ TableName: 'winnow', Key: KEY, ConsistentRead: true }));
    reopened.destroy();
    const secondClose = await second.close();

    // Assess
    expect(received.Messages?.map((message) => message.Body)).toEqual(['job']);
    expect(closes).toEqual(['closed', 'closed']);
    expect(stillAnswering).toEqual([false, false]);
    expect(kept.Item?.name).toEqual({ S: 'Ada' });
    expect(second.sqs).toBeUndefined();
    expect(secondClose).toBe('closed');
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('refuses to start when a server cannot listen, saying why', async () => {
    // Prepare: the queue's port taken.
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    const onFailure = vi.fn();

    // Act
    const starting = started({ dynamo: { port: 0 }, sqs: { port } }, onFailure);

    // Assess
    await expect(starting).rejects.toThrow(/EADDRINUSE/);
    expect(onFailure).not.toHaveBeenCalled();
    taken.close();
  });

  it('refuses a setting it cannot start from before any thread starts', async () => {
    // Act
    const starting = started({ sqs: { port: 70_000 } }, vi.fn());

    // Assess
    await expect(starting).rejects.toThrow(/port/);
  });
});
