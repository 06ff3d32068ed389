import { SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsScoringQueue, type ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { ScoringJob as ScoringJobSchema, eventJob } from '../../../functions/app/ports/queue.js';
import { anEventRecord } from '../../helpers/factories.js';
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

  it('sends an event’s job carrying what scoring counts of it; a submission’s job carries no event', async () => {
    // Prepare
    const job = eventJob(anEventRecord({ type: 'webinar_attended', at: '2026-11-30T09:00:00+01:00' }));
    const odd = { kind: 'submission', id: 'sub-1', leadId: 'lead_a', event: { type: 'page_view', at: '2026-11-30T09:00:00Z', receivedAt: '2026-11-30T09:00:00Z' } } as ScoringJob;

    // Act
    await queue.enqueue(job);
    const refused = queue.enqueue(odd);

    // Assess
    await expect(refused).rejects.toThrow('only an event’s job carries an event');
    const sends = aws.sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody ?? '') as unknown);
    expect(sends).toEqual([{ kind: 'event', id: 'evt-1', leadId: 'lead_a', event: { type: 'webinar_attended', at: '2026-11-30T09:00:00+01:00', receivedAt: anEventRecord().receivedAt } }]);
  });

  it('queues an event whose instant is longer than a job carries as a job that reads it, never one the scorer refuses', () => {
    // Prepare: valid ISO 8601, with more fractional digits than anyone sends.
    const at = `2026-11-30T09:00:00.${'1'.repeat(80)}Z`;

    // Act
    const job = eventJob(anEventRecord({ at }));

    // Assess
    expect(job).toEqual({ kind: 'event', id: 'evt-1', leadId: 'lead_a' });
    expect(ScoringJobSchema.safeParse(job).success).toBe(true);
  });

  it('carries only what the API would have stored: an event type and two ISO 8601 instants', () => {
    // Prepare
    const at = '2026-11-30T09:00:00.000Z';
    const carried = (event: Record<string, unknown>) => ScoringJobSchema.safeParse({ kind: 'event', id: 'evt-1', leadId: 'lead_a', event: { type: 'page_view', at, receivedAt: at, ...event } }).success;

    // Act
    const verdicts = [carried({}), carried({ at: 'yesterday' }), carried({ receivedAt: '' }), carried({ type: 'Page View' }), carried({ type: 'page_view', extra: 1 })];
    const legacy = eventJob(anEventRecord({ type: 'Page View' }));

    // Assess
    expect(verdicts).toEqual([true, false, false, false, false]);
    expect(legacy).toEqual({ kind: 'event', id: 'evt-1', leadId: 'lead_a' });
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
