import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
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
});
