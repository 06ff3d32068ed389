import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_DEAD_LETTERS, watchDeadLetters } from '../../../infra/local/dead-letter-watch.js';

const sqs = mockClient(SQSClient);
const DLQ = 'http://127.0.0.1:9324/123456789012/winnow-scoring-dlq';
const HOUR = 3_600_000;

/** The depths the queue reports, one per read, in order. */
const depths = (...counts: number[]) => {
  let next = 0;
  sqs.on(GetQueueAttributesCommand).callsFake(async () => ({ Attributes: { ApproximateNumberOfMessages: String(counts[next++] ?? 0) } }));
};

describe('the local host’s dead-letter watch', () => {
  let lines: string[];

  beforeEach(() => {
    sqs.reset();
    lines = [];
  });

  const aWatch = () => watchDeadLetters({ sqs: new SQSClient({ region: 'us-east-1' }), deadLetterUrl: DLQ, everyMs: HOUR }, (line) => lines.push(line));

  it('says nothing while the dead-letter queue is empty', async () => {
    // Prepare
    depths(0, 0);
    const watch = aWatch();

    // Act
    await watch.check();
    await watch.check();
    watch.stop();

    // Assess
    expect(lines).toEqual([]);
  });

  it('says once how many jobs wait there each time the queue grows, and how to recover', async () => {
    // Prepare
    depths(0, 2, 2, 3);
    const watch = aWatch();

    // Act
    for (let i = 0; i < 4; i += 1) await watch.check();
    watch.stop();

    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^2 scoring jobs failed 5 times and wait in the dead-letter queue/);
    expect(lines[0]).toContain('restart');
    expect(lines[1]).toMatch(/^3 scoring jobs/);
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0]?.args[0].input.QueueUrl).toBe(DLQ);
  });

  it('names webhook deliveries as such on the webhook queue’s watch, and how to send them again', async () => {
    // Prepare
    depths(1);
    const watch = watchDeadLetters({ sqs: new SQSClient({ region: 'us-east-1' }), deadLetterUrl: DLQ, everyMs: HOUR, what: WEBHOOK_DEAD_LETTERS }, (line) => lines.push(line));

    // Act
    await watch.check();
    watch.stop();

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^1 webhook delivery message failed 5 times/);
    expect(lines[0]).toContain('the admin page redelivers failed ones');
  });
});
