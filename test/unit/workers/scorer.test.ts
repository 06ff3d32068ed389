import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Message } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import type { Mail } from '../../../functions/adapters/mailer.js';
import type { EventRecord } from '../../../functions/app/ports/store.js';
import { createScorer } from '../../../functions/workers/scorer.js';
import { NOW, aLeadRecord, aPlaybookInput } from '../../helpers/factories.js';
import { aClock, lambdaContext, mockAws, testConfig, testDependencies, type Scorer } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';

const aws = mockAws();

const aMessage = (id: string, body: unknown): Message => ({ MessageId: id, ReceiptHandle: `receipt-${id}`, Body: typeof body === 'string' ? body : JSON.stringify(body) });

const anEventRecord = (overrides: Partial<EventRecord> = {}): EventRecord => ({
  eventId: 'evt-1',
  leadId: 'lead_a',
  fingerprint: 'fp-1',
  type: 'pricing_view',
  at: NOW.toISOString(),
  receivedAt: NOW.toISOString(),
  source: 'public',
  ...overrides,
});

describe('the scorer (mocked AWS SDK)', () => {
  let scorer: Scorer;
  let mail: Mail[];

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    const clock = aClock();
    const { store, queue } = testDependencies(testConfig(), clock);
    mail = [];
    scorer = createScorer({
      store,
      queue,
      mailer: {
        send: async (message) => {
          mail.push(message);
          return `message-${mail.length}`;
        },
      },
      now: clock.now,
      publicUrl: 'https://winnow.test',
      linkSecret: 's'.repeat(32),
    });
  });

  it('reports a message that is not JSON in batchItemFailures, asking DynamoDB nothing', async () => {
    // Act
    const result = await scorer(sqsEvent([aMessage('broken', '{"kind": "event", ')]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'broken' }]);
    expect(aws.dynamo.calls()).toEqual([]);
  });

  it('reports a message that is not a scoring job in batchItemFailures', async () => {
    // Act
    const result = await scorer(sqsEvent([aMessage('odd', { kind: 'event', id: 'evt-1', leadId: 'lead_a', priority: 'high' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'odd' }]);
  });

  it('does nothing, and reports no failure, for a job whose event is gone', async () => {
    // Act
    const result = await scorer(sqsEvent([aMessage('gone', { kind: 'event', id: 'evt-erased', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('writes the lead’s score and marks the event scored', async () => {
    // Prepare
    aws.dynamo.on(GetCommand, { Key: keys.event('lead_a', 'evt-1') }).resolves({ Item: { ...keys.event('lead_a', 'evt-1'), ...anEventRecord() } });
    aws.storedLead(aLeadRecord({ answers: { email: 'ada@example.com', company_size: '1-10' } }));

    // Act
    const result = await scorer(sqsEvent([aMessage('job', { kind: 'event', id: 'evt-1', leadId: 'lead_a' })]), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const updates = aws.dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    const scoreWrite = updates.find((update) => update.Key?.PK === 'LEAD#lead_a' && update.Key.SK === 'PROFILE');
    expect(scoreWrite?.ExpressionAttributeValues?.[':score']).toMatchObject({ fit: { points: 1, grade: 'D' }, playbookId: 'default', scoredAt: NOW.toISOString() });
    expect(updates.at(-1)).toMatchObject({ Key: keys.event('lead_a', 'evt-1'), ExpressionAttributeValues: { ':at': NOW.toISOString() } });
    expect(mail).toEqual([]);
  });
});
