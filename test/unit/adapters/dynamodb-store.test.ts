import { BatchGetItemCommand, ConditionalCheckFailedException, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { leadOf } from '../../../functions/adapters/dynamodb/leads.js';
import { MalformedItemError } from '../../../functions/adapters/dynamodb/errors.js';
import { ConflictError } from '../../../functions/app/ports/errors.js';
import { NOW, aLeadRecord, aLifecycle, aPlaybookInput, aSpecFormInput, aStoredScore, aSubmissionRecord, aWebhookEndpoint, anEventRecord } from '../../helpers/factories.js';
import { asStored, mockAws, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
const TABLE = 'winnow-test';
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

type Stored = Record<string, AttributeValue>;
type Plain<I> = Omit<I, 'Item' | 'Key' | 'ExpressionAttributeValues'> & { Item?: Record<string, unknown>; Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> };

/** A command's input with its attribute values read back as the plain values the store was given. */
const plain = <I extends { Item?: Stored; Key?: Stored; ExpressionAttributeValues?: Stored }>({ Item, Key, ExpressionAttributeValues, ...input }: I): Plain<I> => ({
  ...input,
  ...(Item ? { Item: unmarshall(Item) } : {}),
  ...(Key ? { Key: unmarshall(Key) } : {}),
  ...(ExpressionAttributeValues ? { ExpressionAttributeValues: unmarshall(ExpressionAttributeValues) } : {}),
});

/** What the store sent, command by command, in plain values. */
const sent = {
  puts: () => aws.dynamo.commandCalls(PutItemCommand).map((call) => plain(call.args[0].input)),
  updates: () => aws.dynamo.commandCalls(UpdateItemCommand).map((call) => plain(call.args[0].input)),
  queries: () => aws.dynamo.commandCalls(QueryCommand).map((call) => plain(call.args[0].input)),
  gets: () => aws.dynamo.commandCalls(GetItemCommand).map((call) => plain(call.args[0].input)),
};

/** What an UpdateExpression of `#a = :a` pairs sets, attribute by attribute. */
const assignments = (input: { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } | undefined): Record<string, unknown> => {
  const names = input?.ExpressionAttributeNames ?? {};
  const values = input?.ExpressionAttributeValues ?? {};
  const pairs = [...(input?.UpdateExpression ?? '').matchAll(/(#\w+) = (:\w+)/g)];
  return Object.fromEntries(pairs.map(([, name = '', value = '']) => [names[name], values[value]]));
};

/** The store createAdapters builds, over the mocked SDK, its calls forgotten. */
const aMockedStore = (): DynamoDbStore => {
  aws.reset();
  const { store } = testDependencies(testConfig({ WINNOW_TABLE: TABLE }));
  if (!(store instanceof DynamoDbStore)) throw new Error('createAdapters should build a DynamoDbStore');
  return store;
};

describe('DynamoDbStore keys, as docs/data-model.md writes them down (mocked AWS SDK)', () => {
  let store: DynamoDbStore;

  beforeEach(() => {
    store = aMockedStore();
  });

  it('creates a lead profile at LEAD#<leadId>/PROFILE, in the email index at EMAIL#<email> by createdAt, only if absent', async () => {
    // Prepare
    const lead = aLeadRecord({ answers: { email: 'ada@example.com' } });

    // Act
    const version = await store.saveLead(lead, undefined);

    // Assess: a conditional put, there being nothing at the key to keep.
    const [put] = sent.puts();
    expect(put).toMatchObject({
      TableName: TABLE,
      Item: { PK: 'LEAD#lead_a', SK: 'PROFILE', GSI2PK: 'EMAIL#ada@example.com', GSI2SK: lead.createdAt, version: 1, leadId: 'lead_a', answers: JSON.stringify({ email: 'ada@example.com' }), answeredAt: JSON.stringify(lead.answeredAt) },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(aws.dynamo.commandCalls(UpdateItemCommand)).toEqual([]);
    expect(version).toBe(1);
  });

  it('leaves a lead without an email, and an alias, out of the email index', async () => {
    // Act
    await store.saveLead(aLeadRecord(), undefined);
    await store.saveLead(aLeadRecord({ leadId: 'lead_b', mergedInto: 'lead_a', answers: { email: 'ada@example.com' } }), undefined);

    // Assess
    const items = sent.puts().map((put) => put.Item);
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).not.toHaveProperty('GSI2PK');
  });

  it('turns a first save that finds an item at the key (another first save, or a tombstone) into a ConflictError', async () => {
    // Prepare
    aws.dynamo.on(PutItemCommand).rejects(conditionFailed());

    // Act
    const saving = store.saveLead(aLeadRecord(), undefined);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(ConflictError);
  });

  it('writes a profile only over the version it read (a tombstone has none, so an erased lead is never written)', async () => {
    // Act
    const version = await store.saveLead(aLeadRecord(), 3);

    // Assess
    const [update] = sent.updates();
    expect(update?.ConditionExpression).toBe('#version = :expected');
    expect(update?.ExpressionAttributeValues?.[':expected']).toBe(3);
    expect(assignments(update).version).toBe(4);
    expect(version).toBe(4);
  });

  it('turns a lost race on a profile into a ConflictError', async () => {
    // Prepare
    aws.dynamo.on(UpdateItemCommand).rejects(conditionFailed());

    // Act
    const saving = store.saveLead(aLeadRecord(), 3);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(ConflictError);
  });

  it('stores a submission at LEAD#<leadId>/SUBMISSION#<id>, in its lead’s partition, once', async () => {
    // Act
    const stored = await store.putSubmission(aSubmissionRecord());

    // Assess
    const [put] = sent.puts();
    expect(put).toMatchObject({
      Item: { PK: 'LEAD#lead_a', SK: 'SUBMISSION#sub-1', at: NOW.toISOString(), response: JSON.stringify(aSubmissionRecord().response) },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(stored).toBe(true);
  });

  it('reads a submission’s answer from its JSON text, and from the map a submission stored before holds', async () => {
    // Prepare
    const record = aSubmissionRecord();
    const key = { PK: 'LEAD#lead_a', SK: 'SUBMISSION#sub-1' };
    aws.dynamo.on(GetItemCommand, { Key: marshall(key) }).resolvesOnce({ Item: asStored({ ...key, ...record, response: JSON.stringify(record.response) }) }).resolvesOnce({ Item: asStored({ ...key, ...record }) });

    // Act
    const read = [await store.getSubmission('lead_a', 'sub-1'), await store.getSubmission('lead_a', 'sub-1')];

    // Assess
    expect(read).toEqual([record, record]);
  });

  it('writes a team’s state with what each move rewrites as JSON text, and reads it back, and from the maps a state written before holds', async () => {
    // Prepare
    const state = { teamId: 'sales', rotation: { mid: { ana: -1, ben: 1 } }, open: { ana: 1 }, absences: { ben: { from: NOW.toISOString(), to: NOW.toISOString() } }, moves: [{ key: 'assign:lead_1:1:0', repId: 'ana', startsAt: NOW.toISOString() }] };
    const key = { PK: 'TEAM#sales', SK: 'STATE' };
    const asText = { teamId: 'sales', rotation: JSON.stringify(state.rotation), open: JSON.stringify(state.open), absences: JSON.stringify(state.absences), moves: JSON.stringify(state.moves), version: 3 };
    aws.dynamo.on(UpdateItemCommand).resolves({});
    aws.dynamo
      .on(GetItemCommand, { Key: marshall(key) })
      .resolvesOnce({ Item: asStored({ ...key, ...asText }) })
      .resolvesOnce({ Item: asStored({ ...key, ...state, version: 3 }) });

    // Act
    const version = await store.saveTeamState(state, 2);
    const read = [await store.teamState('sales'), await store.teamState('sales')];

    // Assess
    expect(version).toBe(3);
    expect(assignments(sent.updates()[0])).toEqual(asText);
    expect(read).toEqual([{ ...state, version: 3 }, { ...state, version: 3 }]);
  });

  it('answers false, not an error, for a submission stored already', async () => {
    // Prepare
    aws.dynamo.on(PutItemCommand).rejects(conditionFailed());

    // Act
    const stored = await store.putSubmission(aSubmissionRecord());

    // Assess
    expect(stored).toBe(false);
  });

  it('lets any other DynamoDB failure through', async () => {
    // Prepare
    aws.dynamo.on(PutItemCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    // Act
    const storing = store.putSubmission(aSubmissionRecord());

    // Assess
    await expect(storing).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it('stores an event at LEAD#<leadId>/EVENT#<id>, in its lead’s partition, once', async () => {
    // Act
    await store.putEvent(anEventRecord());

    // Assess
    const [put] = sent.puts();
    expect(put).toMatchObject({
      Item: { PK: 'LEAD#lead_a', SK: 'EVENT#evt-1', at: NOW.toISOString() },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('reads a lead’s activity from its own partition, consistently, in one query per lead id merged into it', async () => {
    // Act
    await store.activity(['lead_a', 'lead_b']);

    // Assess
    const queries = sent.queries();
    expect(queries.map((q) => [q.IndexName, q.ConsistentRead, q.KeyConditionExpression, q.ExpressionAttributeValues])).toEqual([
      [undefined, true, 'PK = :lead AND SK BETWEEN :first AND :last', { ':lead': 'LEAD#lead_a', ':first': 'EVENT#', ':last': 'SUBMISSION$' }],
      [undefined, true, 'PK = :lead AND SK BETWEEN :first AND :last', { ':lead': 'LEAD#lead_b', ':first': 'EVENT#', ':last': 'SUBMISSION$' }],
    ]);
  });

  it('finds leads by email in GSI2, leaving out those merged away', async () => {
    // Prepare
    aws.dynamo.on(QueryCommand).resolves({ Items: [asStored({ leadId: 'lead_old' }), asStored({ leadId: 'lead_merged', mergedInto: 'lead_old' })] });

    // Act
    const leads = await store.leadsByEmail('ada@example.com');

    // Assess
    expect(sent.queries()[0]).toMatchObject({
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
    const [update] = sent.updates();
    expect(update).toMatchObject({ Key: { PK: 'LEAD#lead_b', SK: 'PROFILE' } });
    expect(update?.UpdateExpression).toMatch(/REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK$/);
    expect(Object.keys(assignments(update))).not.toContain('GSI2PK');
  });

  it('keeps each document version at <KIND>#<id>/VERSION#<10 digits>, refusing a version taken', async () => {
    // Prepare
    aws.dynamo.on(PutItemCommand, { Item: marshall({ SK: 'VERSION#0000000012' }) }).rejects(conditionFailed());

    // Act
    const publishing = store.publishDocument({ kind: 'form', id: 'demo-request', version: 12, document: aSpecFormInput(), publishedAt: NOW.toISOString() });

    // Assess
    await expect(publishing).rejects.toBeInstanceOf(ConflictError);
    expect(sent.puts().map((put) => [put.Item?.PK, put.Item?.SK])).toEqual([['FORM#demo-request', 'VERSION#0000000012']]);
  });

  it('reads the latest document from its catalog item with a consistent read, without its keys', async () => {
    // Prepare
    const published = { kind: 'form', id: 'demo-request', version: 2, document: aSpecFormInput(), publishedAt: NOW.toISOString() };
    aws.dynamo.on(GetItemCommand, { Key: marshall({ PK: 'CATALOG', SK: 'FORM#demo-request' }) }).resolves({ Item: asStored({ PK: 'CATALOG', SK: 'FORM#demo-request', ...published }) });

    // Act
    const latest = await store.latestDocument('form', 'demo-request');

    // Assess
    expect(sent.gets()[0]).toMatchObject({ TableName: TABLE, ConsistentRead: true });
    expect(latest).toEqual(published);
  });
  it('publishes a version at <KIND>#<id>/VERSION#<10 digits> only if absent, then moves the catalog item forward only', async () => {
    // Act
    await store.publishDocument({ kind: 'playbook', id: 'default', version: 1, document: aPlaybookInput(), publishedAt: NOW.toISOString() });

    // Assess
    const puts = sent.puts();
    expect(puts.map((put) => [put.Item?.PK, put.Item?.SK, put.ConditionExpression])).toEqual([
      ['PLAYBOOK#default', 'VERSION#0000000001', 'attribute_not_exists(PK)'],
      ['CATALOG', 'PLAYBOOK#default', 'attribute_not_exists(PK) OR version < :version'],
    ]);
  });

  it('reads a lead’s profile at LEAD#<leadId>/PROFILE, consistently, without its key and index attributes', async () => {
    // Prepare
    const lead = aLeadRecord({ answers: { email: 'ada@example.com' } });
    const score = aStoredScore({ interest: 12 });
    aws.dynamo.on(GetItemCommand, { Key: marshall({ PK: 'LEAD#lead_a', SK: 'PROFILE' }) }).resolves({
      Item: asStored({ PK: 'LEAD#lead_a', SK: 'PROFILE', GSI2PK: 'EMAIL#ada@example.com', GSI2SK: lead.createdAt, GSI3PK: 'STAGE#MQL', GSI3SK: 'hot', ...lead, version: 3, score }),
    });

    // Act
    const found = await store.getLead('lead_a');

    // Assess
    expect(sent.gets()[0]).toMatchObject({ TableName: TABLE, ConsistentRead: true });
    expect(found).toEqual({ lead, version: 3, score });
  });

  it('throws a MalformedItemError naming the key of an item that is not what it writes there, never casting it', async () => {
    // Prepare
    aws.dynamo.on(GetItemCommand).resolves({ Item: asStored({ PK: 'LEAD#lead_a', SK: 'PROFILE', leadId: 'lead_a', version: 'three' }) });
    aws.dynamo.on(QueryCommand).resolves({ Items: [asStored({ PK: 'LEAD#lead_a', SK: 'EVENT#evt-1', eventId: 'evt-1', leadId: 'lead_a', type: 'pricing_view' })] });

    // Act
    const reads = await Promise.allSettled([store.getLead('lead_a'), store.activity(['lead_a'])]);

    // Assess
    const reasons = reads.map((read) => (read.status === 'rejected' ? (read.reason as Error) : undefined));
    expect(reasons).toEqual([expect.any(MalformedItemError), expect.any(MalformedItemError)]);
    expect(reasons.map((reason) => reason?.message)).toEqual([expect.stringMatching(/^the item at LEAD#lead_a PROFILE .*\n.*→ at version/s), expect.stringContaining('the item at LEAD#lead_a EVENT#evt-1 ')]);
  });

  it('qualifies a lead at LEAD#<leadId>/PROFILE over its lifecycle version, listing it in GSI3 by stage and hotness', async () => {
    // Prepare
    const score = aStoredScore({ interest: 12.5, fit: 3 });

    // Act
    await store.saveQualification('lead_a', { lifecycle: aLifecycle({ stage: 'MQL' }), score }, 2);

    // Assess
    const [update] = sent.updates();
    expect(update).toMatchObject({
      Key: { PK: 'LEAD#lead_a', SK: 'PROFILE' },
      ConditionExpression: 'attribute_exists(version) AND lifecycleVersion = :expected',
      ExpressionAttributeValues: { ':expected': 2, ':version': 3, ':score': JSON.stringify(score), ':lifecycle': JSON.stringify(aLifecycle({ stage: 'MQL' })), ':stage': 'STAGE#MQL', ':hotness': '01000000001250#01000000000300#lead_a' },
    });
  });

  it('reads a lead’s answers, score and lifecycle from their JSON text, and from the maps an item written before holds; refuses text that is not one', async () => {
    // Prepare
    const score = aStoredScore({ interest: 12.5, fit: 3 });
    const lifecycle = aLifecycle({ stage: 'MQL', outbox: [{ kind: 'notify', cycle: 1, handRaiser: false }] });
    const profile = { PK: 'LEAD#lead_a', SK: 'PROFILE', ...aLeadRecord({ answers: { email: 'ada@example.com', budget: 60000, topics: ['sla'] } }), version: 2, lifecycleVersion: 3 };
    const items = [
      { ...profile, answers: JSON.stringify(profile.answers), answeredAt: JSON.stringify(profile.answeredAt), skipped: JSON.stringify(profile.skipped), score: JSON.stringify(score), lifecycle: JSON.stringify(lifecycle) },
      { ...profile, score, lifecycle },
      { ...profile, score: '{"fit":', lifecycle },
      { ...profile, score: '{"fit":{}}', lifecycle },
      { ...profile, score, lifecycle: '{"stage":"MQL"}' },
    ];

    // Act
    const read = items.map((item) => {
      try {
        const lead = leadOf(item);
        return 'score' in lead ? [lead.score, lead.lifecycle, lead.lead.answers] : 'erased';
      } catch (error) {
        return (error as Error).name;
      }
    });

    // Assess
    expect(read).toEqual([[score, lifecycle, profile.answers], [score, lifecycle, profile.answers], 'MalformedItemError', 'MalformedItemError', 'MalformedItemError']);
  });

  it('lists a stage from GSI3, hottest first, asking one more than the page to know whether more remain', async () => {
    // Act
    await store.leadsInStage('MQL', 25);

    // Assess
    expect(sent.queries()[0]).toMatchObject({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :stage',
      ExpressionAttributeValues: { ':stage': 'STAGE#MQL' },
      ScanIndexForward: false,
      Limit: 26,
    });
  });
});

describe('DynamoDbStore cursors and batches in DynamoDB’s attribute values (mocked AWS SDK)', () => {
  let store: DynamoDbStore;

  beforeEach(() => {
    store = aMockedStore();
  });

  it('hands out a stage cursor as the last key in plain JSON, so cursors handed out before still read on, and starts the next page at it', async () => {
    // Prepare: a page of one, and one more in the stage.
    const lead = aLeadRecord();
    const at = (leadId: string) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE', GSI3PK: 'STAGE#MQL', GSI3SK: `01000000001250#01000000000300#${leadId}` });
    aws.dynamo.on(QueryCommand).resolves({ Items: [asStored({ ...at('lead_a'), ...lead, version: 1 }), asStored({ ...at('lead_b'), ...lead, leadId: 'lead_b', version: 1 })] });

    // Act
    const first = await store.leadsInStage('MQL', 1);
    await store.leadsInStage('MQL', 1, first.cursor);

    // Assess
    expect(first.cursor).toBe(Buffer.from(JSON.stringify(at('lead_a'))).toString('base64url'));
    expect(aws.dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.ExclusiveStartKey)).toEqual([undefined, marshall(at('lead_a'))]);
  });

  it('asks again, and only, for the keys a BatchGetItem hands back unprocessed', async () => {
    // Prepare
    const profile = { PK: 'LEAD#lead_a', SK: 'PROFILE' };
    const submission = { PK: 'LEAD#lead_a', SK: 'SUBMISSION#sub-1' };
    aws.dynamo
      .on(BatchGetItemCommand)
      .resolvesOnce({ Responses: { [TABLE]: [asStored({ ...profile, ...aLeadRecord(), version: 2 })] }, UnprocessedKeys: { [TABLE]: { Keys: [marshall(submission)] } } })
      .resolvesOnce({ Responses: { [TABLE]: [asStored({ ...submission, ...aSubmissionRecord() })] } });

    // Act
    const reads = await store.jobReads(['lead_a'], [{ kind: 'submission', leadId: 'lead_a', id: 'sub-1' }]);

    // Assess
    const asked = aws.dynamo.commandCalls(BatchGetItemCommand).map((call) => call.args[0].input.RequestItems?.[TABLE]?.Keys?.map((key) => unmarshall(key)));
    expect(asked).toEqual([[profile, submission], [submission]]);
    expect(reads.leads.get('lead_a')).toMatchObject({ version: 2 });
    expect([...reads.items.values()]).toEqual([aSubmissionRecord()]);
  });
});

describe('DynamoDbStore webhook redaction within DynamoDB’s limits (mocked AWS SDK)', () => {
  let store: DynamoDbStore;

  beforeEach(() => {
    store = aMockedStore();
  });

  it('asks about a lead merged from 150 ids in filters of 100 ids at most, as DynamoDB’s IN takes no more, and about every id', async () => {
    // Prepare: DynamoDB answers a ValidationException to an IN of more than 100 operands (dynalite does not).
    const endpoint = aWebhookEndpoint();
    const leadIds = Array.from({ length: 150 }, (_, i) => `lead_${i}`);
    aws.dynamo.on(QueryCommand).callsFake((input: { FilterExpression?: string }) => {
      if (input.FilterExpression === undefined) return { Items: [asStored({ PK: 'WEBHOOKS', SK: `ENDPOINT#${endpoint.id}`, ...endpoint, version: 1 })] };
      const operands = /IN \(([^)]*)\)/.exec(input.FilterExpression)?.[1]?.split(',').length ?? 0;
      if (operands > 100) throw Object.assign(new Error('Invalid FilterExpression: Too many operands for IN'), { name: 'ValidationException' });
      return { Items: [] };
    });

    // Act
    const redacted = await store.redactWebhookDeliveries(leadIds, NOW.toISOString());

    // Assess
    expect(redacted).toBe(0);
    const asked = sent
      .queries()
      .filter((input) => input.FilterExpression !== undefined)
      .flatMap((input) => Object.entries(input.ExpressionAttributeValues ?? {}).filter(([name]) => name.startsWith(':lead')).map(([, value]) => value as string));
    expect(asked.sort()).toEqual([...leadIds].sort());
  });
});

