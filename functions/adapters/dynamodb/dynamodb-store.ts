import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { LeadRecord, Lifecycle, Stage } from '../../core/index.js';
import { ConflictError, InvalidCursorError } from '../../app/ports/errors.js';
import type {
  ActivityKind,
  Claim,
  DocumentKind,
  ErasedLead,
  EventRecord,
  NotificationKey,
  NotificationOutcome,
  NotificationRecord,
  PublishedDocument,
  Store,
  StoredLead,
  StoredScore,
  SubmissionRecord,
} from '../../app/ports/store.js';
import { TABLE_INDEXES } from './table.js';

const { email: EMAIL, stage: STAGE } = TABLE_INDEXES;

/** Sorts descending as text: interest, then fit, each shifted positive and zero-padded. */
const hotnessKey = (score: StoredScore | undefined, leadId: string): string => {
  const pad = (n: number) => String(Math.max(0, Math.round(n * 100) + 1e12)).padStart(14, '0');
  return `${pad(score?.interest.score ?? 0)}#${pad(score?.fit.points ?? 0)}#${leadId}`;
};

/** A cursor is the last item's key in the stage index: all four strings, the stage the list's own. */
const StageCursor = z.strictObject({ PK: z.string().max(300), SK: z.string().max(300), GSI3PK: z.string().max(300), GSI3SK: z.string().max(300) });

const encodeCursor = (key: z.output<typeof StageCursor>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeCursor = (cursor: string | undefined, stage: Stage): z.output<typeof StageCursor> | undefined => {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw new InvalidCursorError('is not a cursor this list handed out');
  }
  const parsed = StageCursor.safeParse(key);
  if (!parsed.success || parsed.data.GSI3PK !== `STAGE#${stage}` || !parsed.data.PK.startsWith('LEAD#')) {
    throw new InvalidCursorError('is not a cursor this list handed out');
  }
  return parsed.data;
};

const notificationSk = ({ kind, cycle, channel }: NotificationKey): string => `NOTIFY#${kind}#${String(cycle).padStart(6, '0')}#${channel}`;

export const keys = {
  document: (kind: DocumentKind, id: string, version: number) => ({ PK: `${kind.toUpperCase()}#${id}`, SK: `VERSION#${String(version).padStart(10, '0')}` }),
  /** One catalog item per document holds its latest version, so "latest" is one GetItem. */
  catalog: (kind: DocumentKind, id: string) => ({ PK: 'CATALOG', SK: `${kind.toUpperCase()}#${id}` }),
  lead: (leadId: string) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE' }),
  /** Client-made ids are scoped to their lead: nothing one lead sends can collide with another's. */
  submission: (leadId: string, submissionId: string) => ({ PK: `LEAD#${leadId}`, SK: `SUBMISSION#${submissionId}` }),
  event: (leadId: string, eventId: string) => ({ PK: `LEAD#${leadId}`, SK: `EVENT#${eventId}` }),
  activity: (kind: ActivityKind, leadId: string, id: string) => (kind === 'submission' ? keys.submission(leadId, id) : keys.event(leadId, id)),
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
  const { PK: _pk, SK: _sk, GSI2PK: _g2, GSI2SK: _g2s, GSI3PK: _g3, GSI3SK: _g3s, ...rest } = item;
  return rest as T;
}

interface LeadItem extends LeadRecord {
  version: number;
  score?: StoredScore;
  lifecycle?: Lifecycle;
  lifecycleVersion?: number;
}

const LEASE_UNKNOWN: NotificationRecord['status'] = 'unknown';

const toStoredLead = ({ version, score, lifecycle, lifecycleVersion, ...lead }: LeadItem): StoredLead => ({
  lead,
  version,
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

  async getLead(leadId: string): Promise<StoredLead | ErasedLead | undefined> {
    const item = await this.get<LeadItem | ErasedLead>(keys.lead(leadId));
    if (!item || 'erasedAt' in item) return item;
    return toStoredLead(item);
  }

  async saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    // An alias is found by its survivor's email, never its own.
    const email = typeof lead.answers.email === 'string' && !lead.mergedInto ? lead.answers.email : undefined;
    // An update, not a put: the scorer's `score` written meanwhile must survive.
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
    // A tombstone has no version: an erased lead is never written again.
    let condition = 'attribute_not_exists(PK)';
    if (expectedVersion !== undefined) {
      condition = '#version = :expected';
      names['#version'] = 'version';
      values[':expected'] = expectedVersion;
    }
    const saved = await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(lead.leadId),
          // An alias is listed by neither email nor stage: its lead is.
          UpdateExpression: `SET ${sets.join(', ')}${lead.mergedInto ? ' REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK' : email ? '' : ' REMOVE GSI2PK, GSI2SK'}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    if (!saved) throw new ConflictError(`lead ${lead.leadId} changed since version ${expectedVersion ?? 'none'}`);
    return version;
  }

  async ensureLead(lead: LeadRecord): Promise<boolean> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':version': 1 };
    const sets = ['#version = if_not_exists(#version, :version)'];
    Object.entries(lead).forEach(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = if_not_exists(#f${i}, :f${i})`);
    });
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(lead.leadId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(erasedAt)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
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
    // `version` is on every profile and on no tombstone: an erased lead is never qualified again.
    let condition = 'attribute_exists(version) AND attribute_not_exists(lifecycleVersion)';
    if (expectedVersion !== undefined) {
      condition = 'attribute_exists(version) AND lifecycleVersion = :expected';
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
    const start = decodeCursor(cursor, stage);
    // One more than asked: a cursor only while more remain, never after a full last page.
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STAGE.name,
        KeyConditionExpression: 'GSI3PK = :stage',
        ExpressionAttributeValues: { ':stage': `STAGE#${stage}` },
        ScanIndexForward: false,
        Limit: limit + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const page = Items.slice(0, limit);
    const last = page.at(-1);
    const next = Items.length > limit && last ? encodeCursor({ PK: String(last.PK), SK: String(last.SK), GSI3PK: String(last.GSI3PK), GSI3SK: String(last.GSI3SK) }) : undefined;
    return { leads: page.map((item) => toStoredLead(fromItem<LeadItem>(item))), ...(next ? { cursor: next } : {}) };
  }

  async *allLeads(): AsyncIterable<StoredLead> {
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(PK, :lead) AND SK = :profile AND attribute_not_exists(mergedInto) AND attribute_not_exists(erasedAt)',
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
    // Only over its claim: an erase that raced the send took the claim, and nothing brings it back.
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(leadId, key),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#status': 'status', '#log': 'log', '#kind': 'kind', '#cycle': 'cycle' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async dropNotification(leadId: string, key: NotificationKey): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.notification(leadId, key) }));
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
    // Everything of a lead shares its partition: one consistent query finds it all.
    for (const leadId of leadIds) {
      const pages = paginateQuery(
        { client: this.client },
        { TableName: this.tableName, KeyConditionExpression: 'PK = :lead', ExpressionAttributeValues: { ':lead': `LEAD#${leadId}` }, ConsistentRead: true },
      );
      for await (const page of pages) items.push(...(page.Items ?? []));
    }
    return items;
  }

  async erase(leadIds: readonly string[], at: string): Promise<number> {
    // Tombstones first: a writer that checks after its write either sees one and takes its write
    // back, or wrote before it, and then the query below finds and deletes what it wrote.
    // Aliases first, the lead itself last, its tombstone naming them: an erase that stops half-way
    // leaves the lead findable, or a tombstone from which the next DELETE finishes the job.
    const [leadId, ...aliases] = leadIds;
    for (const alias of aliases) await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.lead(alias), leadId: alias, erasedAt: at } }));
    if (leadId) await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.lead(leadId), leadId, erasedAt: at, ...(aliases.length ? { aliases } : {}) } }));
    const keysToDelete = (await this.itemsOf(leadIds)).filter((item) => item.SK !== 'PROFILE').map((item) => ({ PK: item.PK, SK: item.SK }));
    // BatchWriteItem takes 25 at a time and may hand some back unprocessed: retry those.
    for (let i = 0; i < keysToDelete.length; i += 25) {
      let requests: { DeleteRequest: { Key: Record<string, unknown> } }[] | undefined = keysToDelete.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests?.length && attempt < 10; attempt += 1) {
        const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = UnprocessedItems?.[this.tableName] as typeof requests;
      }
      if (requests?.length) throw new Error(`could not erase ${requests.length} items of leads ${leadIds.join(', ')}`);
    }
    return keysToDelete.length + leadIds.length;
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

  async getSubmission(leadId: string, submissionId: string): Promise<SubmissionRecord | undefined> {
    return this.get<SubmissionRecord>(keys.submission(leadId, submissionId));
  }

  async putSubmission(record: SubmissionRecord): Promise<boolean> {
    return this.putOnce({ ...keys.submission(record.leadId, record.submissionId), ...record });
  }

  async getEvent(leadId: string, eventId: string): Promise<EventRecord | undefined> {
    return this.get<EventRecord>(keys.event(leadId, eventId));
  }

  async putEvent(record: EventRecord): Promise<boolean> {
    return this.putOnce({ ...keys.event(record.leadId, record.eventId), ...record });
  }

  private putOnce(item: Record<string, unknown>): Promise<boolean> {
    return conditionally(() => this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' })));
  }

  async dropActivity(kind: ActivityKind, leadId: string, id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.activity(kind, leadId, id) }));
  }

  async activity(leadIds: readonly string[]): Promise<{ submissions: SubmissionRecord[]; events: EventRecord[] }> {
    const ofKind = async <T>(leadId: string, prefix: string): Promise<T[]> => {
      const items: T[] = [];
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :lead AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':lead': `LEAD#${leadId}`, ':prefix': prefix },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) items.push(fromItem<T>(item));
      return items;
    };
    const [submissions, events] = await Promise.all([
      Promise.all(leadIds.map((leadId) => ofKind<SubmissionRecord>(leadId, 'SUBMISSION#'))),
      Promise.all(leadIds.map((leadId) => ofKind<EventRecord>(leadId, 'EVENT#'))),
    ]);
    const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
    return { submissions: submissions.flat().sort(byTime), events: events.flat().sort(byTime) };
  }

  async markScored(kind: ActivityKind, leadId: string, id: string, at: string): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.activity(kind, leadId, id),
          UpdateExpression: 'SET scoredAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async moveLegacyActivity(): Promise<number> {
    let moved = 0;
    // A full scan, run once per upgrade: by the local host at start, on AWS by `npm run migrate`.
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: '(begins_with(PK, :submission) AND SK = :submissionSk) OR (begins_with(PK, :event) AND SK = :eventSk)',
        ExpressionAttributeValues: { ':submission': 'SUBMISSION#', ':submissionSk': 'SUBMISSION', ':event': 'EVENT#', ':eventSk': 'EVENT' },
      },
    );
    for await (const page of pages) {
      for (const { PK, SK, GSI1PK: _activity, GSI1SK: _at, ...record } of page.Items ?? []) {
        const kind = SK === 'SUBMISSION' ? 'submission' : 'event';
        const id = String(PK).slice(String(PK).indexOf('#') + 1);
        // Copied first, then deleted: a move that stops half-way is finished by the next run.
        await this.putOnce({ ...keys.activity(kind, String(record.leadId), id), ...record });
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { PK, SK } }));
        moved += 1;
      }
    }
    return moved;
  }

  async *unscored(): AsyncIterable<{ kind: ActivityKind; id: string; leadId: string }> {
    // A full scan, run only when a local host starts: on AWS the queue itself is durable.
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: '(begins_with(SK, :submission) OR begins_with(SK, :event)) AND attribute_not_exists(scoredAt)',
        ExpressionAttributeValues: { ':submission': 'SUBMISSION#', ':event': 'EVENT#' },
        ProjectionExpression: 'SK, leadId',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const sk = String(item.SK);
        const kind = sk.startsWith('SUBMISSION#') ? 'submission' : 'event';
        yield { kind, id: sk.slice(sk.indexOf('#') + 1), leadId: String(item.leadId) };
      }
    }
  }
}
