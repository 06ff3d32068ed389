import { storedOutcome, type OutcomePage, type OutcomeStore, type StoredOutcome } from '../../app/ports/outcomes.js';
import { once } from '../../core/once.js';
import * as z from '../../core/zod.js';
import { decodeCursor, updateOf, type TableItems } from './items.js';
import { OUTCOMES_PARTITION, keys } from './keys.js';
import { TABLE_INDEXES } from './table.js';

const { stage: INDEX } = TABLE_INDEXES;

/** What a later revision may no longer have (a decision taken back is not one today, but the record must not keep a stale reason). */
const OPTIONAL_FIELDS = ['reason', 'decidedAt', 'formId', 'utmSource'] as const;

/** A cursor is the last record's key in the index; anything else handed back is refused. Built by the first report that lists outcomes. */
const outcomeCursor = /* @__PURE__ */ once(() => z.strictObject({
  PK: z.string().check(z.startsWith('LEAD#'), z.maxLength(300)),
  SK: z.string().check(z.startsWith('OUTCOME#'), z.maxLength(40)),
  GSI3PK: z.literal(OUTCOMES_PARTITION),
  GSI3SK: z.string().check(z.minLength(1), z.maxLength(400)),
}));

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
    return this.items.get(storedOutcome(), keys.outcome(leadId, cycle));
  }

  async outcomes(period: { from: string; to: string }, limit: number, cursor?: string): Promise<OutcomePage> {
    // `~` sorts after every id, so `to` is inclusive.
    const { items, cursor: next } = await this.items.queryPage(
      storedOutcome(),
      outcomeCursor(),
      {
        IndexName: INDEX.name,
        KeyConditionExpression: 'GSI3PK = :partition AND GSI3SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':partition': OUTCOMES_PARTITION, ':from': period.from, ':to': `${period.to}~` },
      },
      limit,
      decodeCursor(outcomeCursor(), cursor),
    );
    return { outcomes: items, ...(next ? { cursor: next } : {}) };
  }
}
