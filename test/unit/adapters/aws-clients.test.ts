import { createHash } from 'node:crypto';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tableClient } from '../../../functions/adapters/clients.js';
import { SqsScoringQueue, queueClient, type ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { testConfig } from '../../helpers/http.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-scoring';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * SQS as the SDK's HTTP layer sees it, in memory: each request is kept, and answered with the
 * digest of the body it carried (or a wrong one), as SQS answers a SendMessage.
 */
const fakeSqs = ({ wrongDigest = false } = {}) => {
  const requests: HttpRequest[] = [];
  const requestHandler = {
    handle: async (request: HttpRequest): Promise<{ response: HttpResponse }> => {
      requests.push(request);
      const { MessageBody } = JSON.parse(String(request.body)) as { MessageBody: string };
      const answer = { MessageId: `message-${requests.length}`, MD5OfMessageBody: wrongDigest ? md5('another body') : md5(MessageBody) };
      return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from(JSON.stringify(answer)) } };
    },
  };
  const sent = () => requests.map((request) => JSON.parse((JSON.parse(String(request.body)) as { MessageBody: string }).MessageBody) as ScoringJob);
  return { requestHandler, sent, requests };
};

const clientConfig = (requestHandler: ReturnType<typeof fakeSqs>['requestHandler']) => ({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  requestHandler,
});

const jobs: ScoringJob[] = [
  { kind: 'submission', id: 'sub-1', leadId: 'lead_a' },
  { kind: 'event', id: 'evt-2', leadId: 'lead_b' },
  { kind: 'submission', id: 'sub-3', leadId: 'lead_c' },
];

describe('the scoring queue’s SQS client (the SDK’s own middleware, no network)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends each job as its own message, with the middleware resolved once for every send', async () => {
    // Prepare
    const sqs = fakeSqs();
    const resolving = vi.spyOn(SendMessageCommand.prototype, 'resolveMiddleware');
    const queue = new SqsScoringQueue(queueClient(clientConfig(sqs.requestHandler)), QUEUE_URL);

    // Act
    for (const job of jobs) await queue.enqueue(job);

    // Assess
    expect(sqs.sent()).toEqual(jobs);
    expect(resolving).toHaveBeenCalledTimes(1);
  });

  it('sends jobs queued at the same time each as its own message', async () => {
    // Prepare
    const sqs = fakeSqs();
    const queue = new SqsScoringQueue(queueClient(clientConfig(sqs.requestHandler)), QUEUE_URL);

    // Act
    await Promise.all(jobs.map((job) => queue.enqueue(job)));

    // Assess
    expect(sqs.sent()).toEqual(expect.arrayContaining(jobs));
    expect(sqs.sent()).toHaveLength(jobs.length);
  });

  it('still refuses a send whose digest SQS answers does not match the message', async () => {
    // Prepare
    const sqs = fakeSqs({ wrongDigest: true });
    const queue = new SqsScoringQueue(queueClient(clientConfig(sqs.requestHandler)), QUEUE_URL);

    // Act
    const sending = queue.enqueue(jobs[0] as ScoringJob);

    // Assess
    await expect(sending).rejects.toThrow('InvalidChecksumError');
  });

  it('leaves out the SDK’s logging step when no logger is configured', () => {
    // Act
    const client = queueClient(clientConfig(fakeSqs().requestHandler));

    // Assess
    expect(client.middlewareStack.identify().filter((name) => name.startsWith('loggerMiddleware'))).toEqual([]);
  });

  it('keeps the SDK’s logging step for a logger that is configured, which hears of every send', async () => {
    // Prepare
    const sqs = fakeSqs();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const queue = new SqsScoringQueue(queueClient({ ...clientConfig(sqs.requestHandler), logger }), QUEUE_URL);

    // Act
    await queue.enqueue(jobs[0] as ScoringJob);

    // Assess
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ commandName: 'SendMessageCommand' }));
  });
});

describe('the table’s client', () => {
  it('leaves out the SDK’s logging step, as no logger is configured, sets its user agent worked out once, and resolves its middleware once per command', () => {
    // Act
    const client = tableClient(testConfig());

    // Assess
    expect(client.middlewareStack.identify().filter((name) => name.startsWith('loggerMiddleware') || name.startsWith('getUserAgentMiddleware'))).toEqual([]);
    expect(client.middlewareStack.identify()).toContain('userAgentOnce - build');
    expect(client.middlewareStack.identify().some((name) => name.startsWith('serializerMiddleware'))).toBe(true);
    expect(client.config.cacheMiddleware).toBe(true);
    client.destroy();
  });
});

describe('the functions’ clients’ user agent', () => {
  it('is the SDK’s own (a custom part included), but for the per-call list of features used, worked out once', async () => {
    // Prepare: a stock client and the functions' one, each answered in memory, each given a custom part.
    const stock = fakeSqs();
    const ours = fakeSqs();
    const stockClient = new SQSClient({ ...clientConfig(stock.requestHandler), customUserAgent: 'winnow/test' });
    const client = queueClient({ ...clientConfig(ours.requestHandler), customUserAgent: 'winnow/test' });
    const workedOut = vi.spyOn(client.config, 'defaultUserAgentProvider');
    const queue = new SqsScoringQueue(client, QUEUE_URL);

    // Act
    await stockClient.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(jobs[0]) }));
    await queue.enqueue(jobs[0] as ScoringJob);
    await queue.enqueue(jobs[1] as ScoringJob);

    // Assess
    const [stockRequest] = stock.requests;
    const userAgents = ours.requests.map((request) => [request.headers['user-agent'], request.headers['x-amz-user-agent']]);
    expect(stockRequest?.headers['user-agent']).toMatch(/ m\/\S+/);
    const expected = [stockRequest?.headers['user-agent']?.replace(/ m\/\S+/, ''), stockRequest?.headers['x-amz-user-agent']];
    expect(expected[0]).toMatch(/^aws-sdk-js\/\S+ .*api\/sqs#.* winnow\/test$/);
    expect(userAgents).toEqual([expected, expected]);
    expect(workedOut).toHaveBeenCalledTimes(1);
    stockClient.destroy();
  });
});
