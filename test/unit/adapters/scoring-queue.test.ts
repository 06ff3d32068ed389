import { SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsScoringQueue, type ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { mockAws } from '../../helpers/http.js';

const aws = mockAws();
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-scoring';

describe('SqsScoringQueue (mocked AWS SDK)', () => {
  let queue: SqsScoringQueue;

  beforeEach(() => {
    aws.reset();
    queue = new SqsScoringQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL);
  });

  it('sends a job as one JSON message to the scoring queue', async () => {
    // Prepare
    const job: ScoringJob = { kind: 'submission', id: 'sub-1', leadId: 'lead_a' };

    // Act
    await queue.enqueue(job);

    // Assess
    const sends = aws.sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(sends[0]?.MessageBody ?? '')).toEqual(job);
  });

  it('refuses to send a job the scorer could not parse', async () => {
    // Prepare
    const job = { kind: 'sale', id: '', leadId: 'lead_a' } as unknown as ScoringJob;

    // Act
    const sending = queue.enqueue(job);

    // Assess
    await expect(sending).rejects.toThrow();
    expect(aws.sqs.calls()).toEqual([]);
  });

  it('lets a failed send through, so the caller does not answer 202', async () => {
    // Prepare
    aws.sqs.on(SendMessageCommand).rejects(new Error('QueueDoesNotExist'));

    // Act
    const sending = queue.enqueue({ kind: 'event', id: 'evt-1', leadId: 'lead_a' });

    // Assess
    await expect(sending).rejects.toThrow('QueueDoesNotExist');
  });

  const someJobs = (n: number): ScoringJob[] => Array.from({ length: n }, (_, i) => ({ kind: 'event', id: `evt-${i}`, leadId: 'lead_a' }));

  it('sends many jobs ten to a request', async () => {
    // Prepare
    const jobs = someJobs(23);

    // Act
    await queue.enqueueAll(jobs);

    // Assess
    const batches = aws.sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(batches.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(batches.flat().map((entry) => JSON.parse(entry.MessageBody ?? '') as ScoringJob)).toEqual(jobs);
  });

  it('sends again the entries of a batch that SQS failed, and only those', async () => {
    // Prepare
    aws.sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Successful: [], Failed: [] });

    // Act
    await queue.enqueueAll(someJobs(3));

    // Assess
    const batches = aws.sqs.commandCalls(SendMessageBatchCommand).map((call) => (call.args[0].input.Entries ?? []).map((e) => (JSON.parse(e.MessageBody ?? '') as ScoringJob).id));
    expect(batches).toEqual([['evt-0', 'evt-1', 'evt-2'], ['evt-1']]);
  });

  it('fails, naming the reason, when SQS keeps refusing an entry', async () => {
    // Prepare
    aws.sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'InvalidMessageContents', Message: 'bad body', SenderFault: true }] });

    // Act
    const sending = queue.enqueueAll(someJobs(1));

    // Assess
    await expect(sending).rejects.toThrow('SQS refused 1 scoring jobs: bad body');
  });
});
