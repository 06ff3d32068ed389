import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { LeadRecord, Lifecycle, Stage } from '../../core/index.js';
import { ConflictError } from '../errors.js';
import type {
  ActivityKind,
  Claim,
  DocumentKind,
  EventRecord,
  NotificationKey,
  NotificationOutcome,
  NotificationRecord,
  PublishedDocument,
  Store,
  StoredLead,
  StoredScore,
  SubmissionRecord,
} from '../store.js';
import { TABLE_INDEXES } from './table.js';

const { activity: ACTIVITY, email: EMAIL, stage: STAGE } = TABLE_INDEXES;

/** Sorts descending as text: interest, then fit, each shifted positive and zero-padded. */
const hotnessKey = (score: StoredScore | undefined, leadId: string): string => {
  const pad = (n: number) => String(Math.max(0, Math.round(n * 100) + 1e12)).padStart(14, '0');
  return `${pad(score?.interest.score ?? 0)}#${pad(score?.fit.points ?? 0)}#${leadId}`;
};

const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key && Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    return typeof key === 'object' && key !== null ? (key as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const notificationSk = ({ kind, cycle, channel }: NotificationKey): string => `NOTIFY#${kind}#${String(cycle).padStart(6, '0')}#${channel}`;

export const keys = {
  document: (kind: DocumentKind, id: string, version: number) => ({ PK: `${kind.toUpperCase()}#${id}`, SK: `VERSION#${String(version).padStart(10, '0')}` }),
  /** One catalog item per document holds its latest version, so "latest" is one GetItem. */
  catalog: (kind: DocumentKind, id: string) => ({ PK: 'CATALOG', SK: `${kind.toUpperCase()}#${id}` }),
  lead: (leadId: string) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE' }),
  submission: (submissionId: string) => ({ PK: `SUBMISSION#${submissionId}`, SK: 'SUBMISSION' }),
  event: (eventId: string) => ({ PK: `EVENT#${eventId}`, SK: 'EVENT' }),
  activity: (leadId: string, at: string, kind: ActivityKind, id: string) => ({ GSI1PK: `LEAD#${leadId}`, GSI1SK: `${at}#${kind}#${id}` }),
  email: (email: string, createdAt: string) => ({ GSI2PK: `EMAIL#${email}`, GSI2SK: createdAt }),
  notification: (leadId: string, key: NotificationKey) => ({ PK: `LEAD#${leadId}`, SK: notificationSk(key) }),
};

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');

/** Runs a conditional write; its condition failing is an answer (false), not an error. */
const conditionally = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** An item without its key attributes: what this table wrote, so it is what the caller expects. */
function fromItem<T>(item: Record<string, unknown>): T;
function fromItem<T>(item: Record<string, unknown> | undefined): T | undefined;
function fromItem<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, GSI3PK: _g3, GSI3SK: _g3s, ...rest } = item;
  return rest as T;
}

interface LeadItem extends LeadRecord {
  version: number;
  mergedInto?: string;
  score?: StoredScore;
  lifecycle?: Lifecycle;
  lifecycleVersion?: number;
}

const LEASE_UNKNOWN: NotificationRecord['status'] = 'unknown';

const toStoredLead = ({ version, mergedInto, score, lifecycle, lifecycleVersion, ...lead }: LeadItem): StoredLead => ({
  lead,
  version,
  ...(mergedInto ? { mergedInto } : {}),
  ...(score ? { score } : {}),
  ...(lifecycle ? { lifecycle } : {}),
  ...(lifecycleVersion !== undefined ? { lifecycleVersion } : {}),
});

/**
 * Every write here is a single-item conditional write that is safe to replay: dynalite has no
 * transactions, and a Lambda can be retried at any point.
 */
export class DynamoDbStore implements Store {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async get<T>(key: Record<string, string>): Promise<T | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return fromItem<T>(Item);
  }

  async latestDocument(kind: DocumentKind, id: string): Promise<PublishedDocument | undefined> {
    return this.get<PublishedDocument>(keys.catalog(kind, id));
  }

  async documentVersion(kind: DocumentKind, id: string, version: number): Promise<PublishedDocument | undefined> {
    return this.get<PublishedDocument>(keys.document(kind, id, version));
  }

  async latestDocuments(kind: DocumentKind): Promise<PublishedDocument[]> {
    const documents: PublishedDocument[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': 'CATALOG', ':prefix': `${kind.toUpperCase()}#` },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) documents.push(fromItem<PublishedDocument>(item));
    return documents;
  }

  async publishDocument(document: PublishedDocument): Promise<void> {
    const stored = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.document(document.kind, document.id, document.version), ...document },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    if (!stored) throw new ConflictError(`${document.kind} ${document.id} version ${document.version} exists already`);
    // Replay-safe: the catalog only ever moves forward to a newer version.
    await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.catalog(document.kind, document.id), ...document },
          ConditionExpression: 'attribute_not_exists(PK) OR version < :version',
          ExpressionAttributeValues: { ':version': document.version },
        }),
      ),
    );
  }

  async getLead(leadId: string): Promise<StoredLead | undefined> {
    const item = await this.get<LeadItem>(keys.lead(leadId));
    if (!item) return undefined;
    return toStoredLead(item);
  }

  async saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    const email = typeof lead.answers.email === 'string' ? lead.answers.email : undefined;
    // An update, not a put: the scorer's `score` and a `mergedInto` written meanwhile must survive.
    const fields: Record<string, unknown> = { ...lead, version, ...(email ? keys.email(email, lead.createdAt) : {}) };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    let condition = 'attribute_not_exists(PK)';
    if (expectedVersion !== undefined) {
      condition = '#version = :expected AND attribute_not_exists(mergedInto)';
      names['#version'] = 'version';
      values[':expected'] = expectedVersion;
    }
    const saved = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(lead.leadId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    if (!saved) throw new ConflictError(`lead ${lead.leadId} changed since version ${expectedVersion ?? 'none'}`);
    return version;
  }

  async markMerged(leadId: string, into: string): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(leadId),
          // A lead the browser never saved still gets its pointer, so its leadId answers as the survivor.
          UpdateExpression: 'SET mergedInto = :into, version = if_not_exists(version, :zero) + :one REMOVE GSI2PK, GSI2SK',
          ExpressionAttributeValues: { ':into': into, ':zero': 0, ':one': 1 },
        }),
      ),
    );
  }

  async saveQualification(leadId: string, update: { lifecycle: Lifecycle; score?: StoredScore }, expectedVersion: number | undefined): Promise<void> {
    const values: Record<string, unknown> = {
      ':lifecycle': update.lifecycle,
      ':version': (expectedVersion ?? 0) + 1,
      ':stage': `STAGE#${update.lifecycle.stage}`,
    };
    const sets = ['lifecycle = :lifecycle', 'lifecycleVersion = :version', 'GSI3PK = :stage'];
    if (update.score) {
      values[':score'] = update.score;
      values[':hotness'] = hotnessKey(update.score, leadId);
      sets.push('score = :score', 'GSI3SK = :hotness');
    }
    let condition = 'attribute_exists(PK) AND attribute_not_exists(lifecycleVersion)';
    if (expectedVersion !== undefined) {
      condition = 'attribute_exists(PK) AND lifecycleVersion = :expected';
      values[':expected'] = expectedVersion;
    }
    const saved = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(leadId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    if (!saved) throw new ConflictError(`lead ${leadId} was qualified by someone else since version ${expectedVersion ?? 'none'}`);
  }

  async leadsInStage(stage: Stage, limit: number, cursor?: string): Promise<{ leads: StoredLead[]; cursor?: string }> {
    const start = decodeCursor(cursor);
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STAGE.name,
        KeyConditionExpression: 'GSI3PK = :stage',
        ExpressionAttributeValues: { ':stage': `STAGE#${stage}` },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const next = encodeCursor(LastEvaluatedKey);
    return { leads: Items.map((item) => toStoredLead(fromItem<LeadItem>(item))), ...(next ? { cursor: next } : {}) };
  }

  async *allLeads(): AsyncIterable<StoredLead> {
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(PK, :lead) AND SK = :profile AND attribute_not_exists(mergedInto)',
        ExpressionAttributeValues: { ':lead': 'LEAD#', ':profile': 'PROFILE' },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield toStoredLead(fromItem<LeadItem>(item));
  }

  async claimNotification(leadId: string, key: NotificationKey, now: string, leaseSeconds: number): Promise<Claim> {
    const claimed = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(leadId, key),
          UpdateExpression:
            'SET #kind = :kind, #cycle = :cycle, channel = :channel, #status = :sending, claimedAt = :now, attempts = if_not_exists(attempts, :zero) + :one, #log = list_append(if_not_exists(#log, :empty), :entry)',
          ConditionExpression: 'attribute_not_exists(PK) OR #status = :failed',
          ExpressionAttributeNames: { '#kind': 'kind', '#cycle': 'cycle', '#status': 'status', '#log': 'log' },
          ExpressionAttributeValues: {
            ':kind': key.kind,
            ':cycle': key.cycle,
            ':channel': key.channel,
            ':sending': 'sending',
            ':failed': 'failed',
            ':now': now,
            ':zero': 0,
            ':one': 1,
            ':empty': [],
            ':entry': [{ at: now, status: 'sending' }],
          },
        }),
      ),
    );
    const record = await this.get<NotificationRecord>(keys.notification(leadId, key));
    if (!record) throw new Error(`notification ${notificationSk(key)} of lead ${leadId} vanished while claimed`);
    if (claimed) return { outcome: 'claimed', record };
    if (record.status !== 'sending') return { outcome: 'done', record };
    const age = Date.parse(now) - Date.parse(record.claimedAt ?? now);
    if (age < leaseSeconds * 1000) return { outcome: 'busy', record };
    // The claimant vanished mid-send: it may or may not have gone out. Mark it, once, so nobody sends it twice.
    const marked = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(leadId, key),
          UpdateExpression: 'SET #status = :unknown, lastError = :error, #log = list_append(#log, :entry)',
          ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#status': 'status', '#log': 'log' },
          ExpressionAttributeValues: {
            ':unknown': LEASE_UNKNOWN,
            ':sending': 'sending',
            ':claimedAt': record.claimedAt,
            ':error': 'the sender stopped mid-send; not resent, to never send twice',
            ':entry': [{ at: now, status: LEASE_UNKNOWN, error: 'sender stopped mid-send' }],
          },
        }),
      ),
    );
    return marked ? { outcome: 'stale', record: { ...record, status: LEASE_UNKNOWN } } : { outcome: 'busy', record };
  }

  async finishNotification(leadId: string, key: NotificationKey, outcome: NotificationOutcome): Promise<void> {
    const values: Record<string, unknown> = {
      ':status': outcome.status,
      ':entry': [{ at: outcome.at, status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}) }],
      ':empty': [],
      ':kind': key.kind,
      ':cycle': key.cycle,
      ':channel': key.channel,
      ':zero': 0,
    };
    const sets = ['#status = :status', '#log = list_append(if_not_exists(#log, :empty), :entry)', '#kind = :kind', '#cycle = :cycle', 'channel = :channel', 'attempts = if_not_exists(attempts, :zero)'];
    if (outcome.status === 'sent') {
      sets.push('sentAt = :at');
      values[':at'] = outcome.at;
    }
    if (outcome.error) {
      sets.push('lastError = :error');
      values[':error'] = outcome.error;
    }
    if (outcome.messageId) {
      sets.push('messageId = :messageId');
      values[':messageId'] = outcome.messageId;
    }
    if (outcome.recipients) {
      sets.push('recipients = :recipients');
      values[':recipients'] = outcome.recipients;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(leadId, key),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: { '#status': 'status', '#log': 'log', '#kind': 'kind', '#cycle': 'cycle' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async notifications(leadId: string): Promise<NotificationRecord[]> {
    const records: NotificationRecord[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :lead AND begins_with(SK, :notify)',
        ExpressionAttributeValues: { ':lead': `LEAD#${leadId}`, ':notify': 'NOTIFY#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) records.push(fromItem<NotificationRecord>(item));
    return records;
  }

  async itemsOf(leadIds: readonly string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (const leadId of leadIds) {
      for (const query of [
        { KeyConditionExpression: 'PK = :lead', ConsistentRead: true },
        { IndexName: ACTIVITY.name, KeyConditionExpression: 'GSI1PK = :lead' },
      ]) {
        const pages = paginateQuery({ client: this.client }, { TableName: this.tableName, ExpressionAttributeValues: { ':lead': `LEAD#${leadId}` }, ...query });
        for await (const page of pages) items.push(...(page.Items ?? []));
      }
    }
    return items;
  }

  async erase(leadIds: readonly string[]): Promise<number> {
    const keysToDelete = [...new Map((await this.itemsOf(leadIds)).map((item) => [`${String(item.PK)}\n${String(item.SK)}`, { PK: item.PK, SK: item.SK }])).values()];
    // BatchWriteItem takes 25 at a time and may hand some back unprocessed: retry those.
    for (let i = 0; i < keysToDelete.length; i += 25) {
      let requests: { DeleteRequest: { Key: Record<string, unknown> } }[] | undefined = keysToDelete.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests?.length && attempt < 10; attempt += 1) {
        const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = UnprocessedItems?.[this.tableName] as typeof requests;
      }
      if (requests?.length) throw new Error(`could not erase ${requests.length} items of leads ${leadIds.join(', ')}`);
    }
    return keysToDelete.length;
  }

  async leadsByEmail(email: string): Promise<string[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: EMAIL.name,
        KeyConditionExpression: 'GSI2PK = :email',
        ExpressionAttributeValues: { ':email': `EMAIL#${email}` },
      }),
    );
    return Items.filter((item) => !item.mergedInto).map((item) => String(item.leadId));
  }

  async getSubmission(submissionId: string): Promise<SubmissionRecord | undefined> {
    return this.get<SubmissionRecord>(keys.submission(submissionId));
  }

  async putSubmission(record: SubmissionRecord): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.submission(record.submissionId), ...keys.activity(record.leadId, record.at, 'submission', record.submissionId), ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async getEvent(eventId: string): Promise<EventRecord | undefined> {
    return this.get<EventRecord>(keys.event(eventId));
  }

  async putEvent(record: EventRecord): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.event(record.eventId), ...keys.activity(record.leadId, record.at, 'event', record.eventId), ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async activity(leadIds: readonly string[]): Promise<{ submissions: SubmissionRecord[]; events: EventRecord[] }> {
    const submissions: SubmissionRecord[] = [];
    const events: EventRecord[] = [];
    for (const leadId of leadIds) {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          IndexName: ACTIVITY.name,
          KeyConditionExpression: 'GSI1PK = :lead',
          ExpressionAttributeValues: { ':lead': `LEAD#${leadId}` },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          if (String(item.PK).startsWith('SUBMISSION#')) submissions.push(fromItem<SubmissionRecord>(item));
          else events.push(fromItem<EventRecord>(item));
        }
      }
    }
    const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
    return { submissions: submissions.sort(byTime), events: events.sort(byTime) };
  }

  async markScored(kind: ActivityKind, id: string, at: string): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: kind === 'submission' ? keys.submission(id) : keys.event(id),
          UpdateExpression: 'SET scoredAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async *unscored(): AsyncIterable<{ kind: ActivityKind; id: string; leadId: string }> {
    // A full scan, run only when a local host starts: on AWS the queue itself is durable.
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: '(begins_with(PK, :submission) OR begins_with(PK, :event)) AND attribute_not_exists(scoredAt)',
        ExpressionAttributeValues: { ':submission': 'SUBMISSION#', ':event': 'EVENT#' },
        ProjectionExpression: 'PK, leadId',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const [prefix = '', id = ''] = String(item.PK).split('#');
        yield { kind: prefix === 'SUBMISSION' ? 'submission' : 'event', id, leadId: String(item.leadId) };
      }
    }
  }
}
