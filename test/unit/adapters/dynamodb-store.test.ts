import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { ConflictError } from '../../../functions/app/ports/errors.js';
import type { EventRecord, SubmissionRecord } from '../../../functions/app/ports/store.js';
import { NOW, aLeadRecord, aSpecFormInput } from '../../helpers/factories.js';
import { mockAws, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
const TABLE = 'winnow-test';
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** What an UpdateExpression of `#a = :a` pairs sets, attribute by attribute. */
const assignments = (input: UpdateCommandInput | undefined): Record<string, unknown> => {
  const names = input?.ExpressionAttributeNames ?? {};
  const values = input?.ExpressionAttributeValues ?? {};
  const pairs = [...(input?.UpdateExpression ?? '').matchAll(/(#\w+) = (:\w+)/g)];
  return Object.fromEntries(pairs.map(([, name = '', value = '']) => [names[name], values[value]]));
};

const aSubmissionRecord = (): SubmissionRecord => ({
  submissionId: 'sub-1',
  leadId: 'lead_a',
  fingerprint: 'fp-1',
  formId: 'demo-request',
  formVersion: 1,
  answers: { email: 'ada@example.com' },
  skipped: [],
  at: NOW.toISOString(),
  response: { leadId: 'lead_a', next: { questions: [], complete: true } },
});

const anEventRecord = (): EventRecord => ({
  eventId: 'evt-1',
  leadId: 'lead_a',
  fingerprint: 'fp-1',
  type: 'page_view',
  at: NOW.toISOString(),
  receivedAt: NOW.toISOString(),
  source: 'public',
});

describe('DynamoDbStore keys, as docs/data-model.md writes them down (mocked AWS SDK)', () => {
  let store: DynamoDbStore;

  beforeEach(() => {
    aws.reset();
    const { store: created } = testDependencies(testConfig({ WINNOW_TABLE: TABLE }));
    if (!(created instanceof DynamoDbStore)) throw new Error('createAdapters should build a DynamoDbStore');
    store = created;
  });

  it('creates a lead profile at LEAD#<leadId>/PROFILE, in the email index at EMAIL#<email> by createdAt, only if absent', async () => {
    // Prepare
    const lead = aLeadRecord({ answers: { email: 'ada@example.com' } });

    // Act
    const version = await store.saveLead(lead, undefined);

    // Assess
    const [update] = aws.dynamo.commandCalls(UpdateCommand);
    expect(update?.args[0].input).toMatchObject({ TableName: TABLE, Key: { PK: 'LEAD#lead_a', SK: 'PROFILE' }, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(assignments(update?.args[0].input)).toMatchObject({ GSI2PK: 'EMAIL#ada@example.com', GSI2SK: lead.createdAt, version: 1, leadId: 'lead_a' });
    expect(version).toBe(1);
  });

  it('leaves a lead without an email out of the email index', async () => {
    // Act
    await store.saveLead(aLeadRecord(), undefined);

    // Assess
    const [update] = aws.dynamo.commandCalls(UpdateCommand);
    expect(Object.keys(assignments(update?.args[0].input))).not.toContain('GSI2PK');
  });

  it('writes a profile only over the version it read (a tombstone has none, so an erased lead is never written)', async () => {
    // Act
    const version = await store.saveLead(aLeadRecord(), 3);

    // Assess
    const [update] = aws.dynamo.commandCalls(UpdateCommand);
    expect(update?.args[0].input.ConditionExpression).toBe('#version = :expected');
    expect(update?.args[0].input.ExpressionAttributeValues?.[':expected']).toBe(3);
    expect(assignments(update?.args[0].input).version).toBe(4);
    expect(version).toBe(4);
  });

  it('turns a lost race on a profile into a ConflictError', async () => {
    // Prepare
    aws.dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const saving = store.saveLead(aLeadRecord(), 3);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(ConflictError);
  });

  it('stores a submission at LEAD#<leadId>/SUBMISSION#<id>, in its lead’s partition, once', async () => {
    // Act
    const stored = await store.putSubmission(aSubmissionRecord());

    // Assess
    const [put] = aws.dynamo.commandCalls(PutCommand);
    expect(put?.args[0].input).toMatchObject({
      Item: { PK: 'LEAD#lead_a', SK: 'SUBMISSION#sub-1', at: NOW.toISOString() },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(stored).toBe(true);
  });

  it('answers false, not an error, for a submission stored already', async () => {
    // Prepare
    aws.dynamo.on(PutCommand).rejects(conditionFailed());

    // Act
    const stored = await store.putSubmission(aSubmissionRecord());

    // Assess
    expect(stored).toBe(false);
  });

  it('lets any other DynamoDB failure through', async () => {
    // Prepare
    aws.dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    // Act
    const storing = store.putSubmission(aSubmissionRecord());

    // Assess
    await expect(storing).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('stores an event at LEAD#<leadId>/EVENT#<id>, in its lead’s partition, once', async () => {
    // Act
    await store.putEvent(anEventRecord());

    // Assess
    const [put] = aws.dynamo.commandCalls(PutCommand);
    expect(put?.args[0].input).toMatchObject({
      Item: { PK: 'LEAD#lead_a', SK: 'EVENT#evt-1', at: NOW.toISOString() },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('reads a lead’s activity from its own partition, consistently, once per kind and lead id merged into it', async () => {
    // Act
    await store.activity(['lead_a', 'lead_b']);

    // Assess
    const queries = aws.dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((q) => [q.IndexName, q.ConsistentRead, q.ExpressionAttributeValues?.[':lead'], q.ExpressionAttributeValues?.[':prefix']])).toEqual([
      [undefined, true, 'LEAD#lead_a', 'SUBMISSION#'],
      [undefined, true, 'LEAD#lead_b', 'SUBMISSION#'],
      [undefined, true, 'LEAD#lead_a', 'EVENT#'],
      [undefined, true, 'LEAD#lead_b', 'EVENT#'],
    ]);
  });

  it('finds leads by email in GSI2, leaving out those merged away', async () => {
    // Prepare
    aws.dynamo.on(QueryCommand).resolves({ Items: [{ leadId: 'lead_old' }, { leadId: 'lead_merged', mergedInto: 'lead_old' }] });

    // Act
    const leads = await store.leadsByEmail('ada@example.com');

    // Assess
    expect(aws.dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :email',
      ExpressionAttributeValues: { ':email': 'EMAIL#ada@example.com' },
    });
    expect(leads).toEqual(['lead_old']);
  });

  it('drops an alias from the email and stage indexes when it saves it', async () => {
    // Act
    await store.saveLead(aLeadRecord({ leadId: 'lead_b', mergedInto: 'lead_a', answers: { email: 'ada@example.com' } }), 2);

    // Assess
    const [update] = aws.dynamo.commandCalls(UpdateCommand);
    expect(update?.args[0].input).toMatchObject({ Key: { PK: 'LEAD#lead_b', SK: 'PROFILE' } });
    expect(update?.args[0].input.UpdateExpression).toMatch(/REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK$/);
    expect(Object.keys(assignments(update?.args[0].input))).not.toContain('GSI2PK');
  });

  it('keeps each document version at <KIND>#<id>/VERSION#<10 digits>, refusing a version taken', async () => {
    // Prepare
    aws.dynamo.on(PutCommand, { Item: { SK: 'VERSION#0000000012' } }).rejects(conditionFailed());

    // Act
    const publishing = store.publishDocument({ kind: 'form', id: 'demo-request', version: 12, document: aSpecFormInput(), publishedAt: NOW.toISOString() });

    // Assess
    await expect(publishing).rejects.toBeInstanceOf(ConflictError);
    expect(aws.dynamo.commandCalls(PutCommand).map((call) => [call.args[0].input.Item?.PK, call.args[0].input.Item?.SK])).toEqual([['FORM#demo-request', 'VERSION#0000000012']]);
  });

  it('reads the latest document from its catalog item with a consistent read, without its keys', async () => {
    // Prepare
    const published = { kind: 'form', id: 'demo-request', version: 2, document: aSpecFormInput(), publishedAt: NOW.toISOString() };
    aws.dynamo.on(GetCommand, { Key: { PK: 'CATALOG', SK: 'FORM#demo-request' } }).resolves({ Item: { PK: 'CATALOG', SK: 'FORM#demo-request', ...published } });

    // Act
    const latest = await store.latestDocument('form', 'demo-request');

    // Assess
    expect(aws.dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ TableName: TABLE, ConsistentRead: true });
    expect(latest).toEqual(published);
  });
});
