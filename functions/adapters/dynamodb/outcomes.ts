import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { StoredOutcome, type OutcomePage, type OutcomeStore } from '../../app/ports/outcomes.js';
import { decodeCursor, encodeCursor, parseItem, updateOf, type TableItems } from './items.js';
import { OUTCOMES_PARTITION, keys } from './keys.js';
import { TABLE_INDEXES } from './table.js';

const { stage: INDEX } = TABLE_INDEXES;

/** What a later revision may no longer have (a decision taken back is not one today, but the record must not keep a stale reason). */
const OPTIONAL_FIELDS = ['reason', 'decidedAt', 'formId', 'utmSource'] as const;

/** A cursor is the last record's key in the index; anything else handed back is refused. */
const OutcomeCursor = z.strictObject({
  PK: z.string().startsWith('LEAD#').max(300),
  SK: z.string().startsWith('OUTCOME#').max(40),
  GSI3PK: z.literal(OUTCOMES_PARTITION),
  GSI3SK: z.string().min(1).max(400),
});
const CursorKey = z.object(OutcomeCursor.shape);

/**
 * Outcome records at `LEAD#<id>` / `OUTCOME#<cycle>`, listed on the stage index under one
 * `OUTCOMES` partition by qualification time: a period's report is one range query, never a scan.
 */
export class DynamoDbOutcomeStore implements OutcomeStore {
  constructor(private readonly items: TableItems) {}

  /** An update that replaces the whole record, as the scorer and the SLA job may update items but not put them. */
  saveOutcome(record: StoredOutcome): Promise<boolean> {
    const update = updateOf({ ...keys.outcomeListing(record.qualifiedAt, record.leadId, record.cycle), ...record }, OPTIONAL_FIELDS.filter((name) => record[name] === undefined));
    return this.items.update({
      Key: keys.outcome(record.leadId, record.cycle),
      ...update,
      ConditionExpression: 'attribute_not_exists(PK) OR #revision < :revision',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#revision': 'revision' },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':revision': record.revision },
    });
  }

  getOutcome(leadId: string, cycle: number): Promise<StoredOutcome | undefined> {
    return this.items.get(StoredOutcome, keys.outcome(leadId, cycle));
  }

  async outcomes(period: { from: string; to: string }, limit: number, cursor?: string): Promise<OutcomePage> {
    // One more than asked: a cursor only while more remain. A Query page ends at 1 MB whatever
    // its Limit, so it reads on until it has that many or the period ends. `~` sorts after every
    // id, so `to` is inclusive.
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined = decodeCursor(OutcomeCursor, cursor);
    do {
      const { Items = [], LastEvaluatedKey }: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> } = await this.items.client.send(
        new QueryCommand({
          TableName: this.items.tableName,
          IndexName: INDEX.name,
          KeyConditionExpression: 'GSI3PK = :partition AND GSI3SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':partition': OUTCOMES_PARTITION, ':from': period.from, ':to': `${period.to}~` },
          Limit: limit + 1 - found.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...Items);
      start = LastEvaluatedKey;
    } while (start && found.length <= limit);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      outcomes: page.map((item) => parseItem(StoredOutcome, item)),
      ...(found.length > limit && last ? { cursor: encodeCursor(parseItem(CursorKey, last)) } : {}),
    };
  }
}
