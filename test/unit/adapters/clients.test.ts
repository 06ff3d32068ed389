import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdapters } from '../../../functions/adapters/clients.js';
import { onFirstUse } from '../../../functions/core/once.js';
import type { ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { testConfig } from '../../helpers/http.js';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-lazy';
const aJob = (id = 'sub-1'): ScoringJob => ({ kind: 'submission', id, leadId: 'lead_a' });

describe('onFirstUse', () => {
  it('loads once, however many ask and whenever', async () => {
    // Prepare
    const load = vi.fn(async () => ({ client: 'built' }));
    const client = onFirstUse(load);

    // Act
    const [first, second] = await Promise.all([client(), client()]);
    const later = await client();

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(later).toBe(first);
  });

  it('loads nothing until asked', () => {
    // Prepare
    const load = vi.fn(async () => 'built');

    // Act
    onFirstUse(load);

    // Assess
    expect(load).not.toHaveBeenCalled();
  });

  it('tries a failed load again on the next call, rather than keeping the failure for the container’s life', async () => {
    // Prepare
    const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('throttled')).mockResolvedValueOnce('built');
    const client = onFirstUse(load);

    // Act
    const failed = client();
    await expect(failed).rejects.toThrow('throttled');
    const retried = await client();

    // Assess
    expect(retried).toBe('built');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('the scoring queue createAdapters builds (mocked AWS SDK)', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.onAnyCommand().resolves({ MessageId: 'message-1' });
  });

  it('sends to the configured queue, through one SQS client built by the first send', async () => {
    // Prepare
    const { queue } = createAdapters(testConfig({ WINNOW_SCORING_QUEUE_URL: QUEUE_URL }));

    // Act
    await Promise.all([queue.enqueue(aJob('sub-1')), queue.defer(aJob('sub-2'), 30)]);
    await queue.enqueue(aJob('sub-3'));

    // Assess
    const sends = sqs.commandCalls(SendMessageCommand);
    expect(sends.map((call) => call.args[0].input.QueueUrl)).toEqual([QUEUE_URL, QUEUE_URL, QUEUE_URL]);
    expect(sends.map((call) => (JSON.parse(call.args[0].input.MessageBody ?? '{}') as ScoringJob).id).sort()).toEqual(['sub-1', 'sub-2', 'sub-3']);
    expect(sends.find((call) => call.args[0].input.DelaySeconds !== undefined)?.args[0].input.DelaySeconds).toBe(30);
    expect(new Set(sends.map((call) => call.thisValue)).size).toBe(1);
  });

  it('lets a failed send through, as the queue it stands for does', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(new Error('QueueDoesNotExist'));
    const { queue } = createAdapters(testConfig());

    // Act
    const sending = queue.enqueue(aJob());

    // Assess
    await expect(sending).rejects.toThrow('QueueDoesNotExist');
  });
});
