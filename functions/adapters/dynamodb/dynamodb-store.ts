import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { LeadRecord } from '../../core/index.js';
import { ConflictError } from '../errors.js';
import type {
  ActivityKind,
  DocumentKind,
  EventRecord,
  PublishedDocument,
  Store,
  StoredLead,
  StoredScore,
  SubmissionRecord,
} from '../store.js';
import { TABLE_INDEXES } from './table.js';

const { activity: ACTIVITY, email: EMAIL } = TABLE_INDEXES;

export const keys = {
  document: (kind: DocumentKind, id: string, version: number) => ({ PK: `${kind.toUpperCase()}#${id}`, SK: `VERSION#${String(version).padStart(10, '0')}` }),
  /** One catalog item per document holds its latest version, so "latest" is one GetItem. */
  catalog: (kind: DocumentKind, id: string) => ({ PK: 'CATALOG', SK: `${kind.toUpperCase()}#${id}` }),
  lead: (leadId: string) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE' }),
  submission: (submissionId: string) => ({ PK: `SUBMISSION#${submissionId}`, SK: 'SUBMISSION' }),
  event: (eventId: string) => ({ PK: `EVENT#${eventId}`, SK: 'EVENT' }),
  activity: (leadId: string, at: string, kind: ActivityKind, id: string) => ({ GSI1PK: `LEAD#${leadId}`, GSI1SK: `${at}#${kind}#${id}` }),
  email: (email: string, createdAt: string) => ({ GSI2PK: `EMAIL#${email}`, GSI2SK: createdAt }),
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
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...rest } = item;
  return rest as T;
}

interface LeadItem extends LeadRecord {
  version: number;
  mergedInto?: string;
  score?: StoredScore;
}

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
    const { version, mergedInto, score, ...lead } = item;
    return { lead, version, ...(mergedInto ? { mergedInto } : {}), ...(score ? { score } : {}) };
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
          UpdateExpression: 'SET mergedInto = :into, version = version + :one REMOVE GSI2PK, GSI2SK',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':into': into, ':one': 1 },
        }),
      ),
    );
  }

  async saveScore(leadId: string, score: StoredScore): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(leadId),
          UpdateExpression: 'SET score = :score',
          // A slow, retried job must not overwrite what a later one computed.
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(score) OR score.scoredAt <= :at)',
          ExpressionAttributeValues: { ':score': score, ':at': score.scoredAt },
        }),
      ),
    );
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
