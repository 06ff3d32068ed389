import type { LeadRecord, Lifecycle, Stage } from '../../core/index.js';
import { ConflictError, InvalidCursorError } from '../../app/ports/errors.js';
import { leadRecordSchema, lifecycleSchema } from '../../app/ports/leads.js';
import {
  erasedLead,
  eventRecord,
  jobItemKey,
  storedLead,
  storedScore,
  type ErasedLead,
  type JobKey,
  type JobReads,
  type LeadStore,
  type StoredLead,
  type StoredScore,
} from '../../app/ports/store.js';
import { once } from '../../core/once.js';
import * as z from '../../core/zod.js';
import { JSON_TEXT, asJsonText, fromJsonText, itemKey, parseItem, withJsonRead, type TableItems } from './items.js';
import { submissionItem } from './activity.js';
import { hotnessKey, keys, stagePartition } from './keys.js';
import { TABLE_INDEXES } from './table.js';

const { email: EMAIL, stage: STAGE } = TABLE_INDEXES;

/**
 * A profile as its item holds it, flat: the lead's fields and, beside them, the store's own.
 * Built by the first read of a lead, not at init: the webhook deliverer reads none, and the
 * others pay it on their first request (some 200 zod objects, the lifecycle's outbox most).
 */
const leadItem = /* @__PURE__ */ once(() => z.pipe(
  z.extend(leadRecordSchema(), {
    answers: fromJsonText(leadRecordSchema().shape.answers),
    answeredAt: fromJsonText(leadRecordSchema().shape.answeredAt),
    skipped: fromJsonText(leadRecordSchema().shape.skipped),
    version: storedLead().shape.version,
    score: z.optional(fromJsonText(storedScore())),
    lifecycle: z.optional(fromJsonText(lifecycleSchema())),
    lifecycleVersion: storedLead().shape.lifecycleVersion,
  }),
  z.transform(({ version, score, lifecycle, lifecycleVersion, ...lead }): StoredLead => ({
    lead,
    version,
    ...(score ? { score } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(lifecycleVersion !== undefined ? { lifecycleVersion } : {}),
  })),
));

/** A lead record's attributes as its profile item keeps them. */
const profileOf = (lead: LeadRecord): Record<string, unknown> => asJsonText(lead, JSON_TEXT.profile);

/** A profile item, or the tombstone an erase left at its key. */
export const leadOf = (item: Record<string, unknown>): StoredLead | ErasedLead => ('erasedAt' in item ? parseItem(erasedLead(), item) : parseItem(leadItem(), item));

/** The email index projects whole profiles; the list needs two fields of each. Built by the first lookup by email. */
const emailEntry = /* @__PURE__ */ once(() => z.pick(leadRecordSchema(), { leadId: true, mergedInto: true }));

/** A cursor is the last item's key in the stage index: all four strings, the stage the list's own. Built by the first list by stage. */
// DynamoDB refuses an empty key attribute in ExclusiveStartKey: an edited cursor with one is not a cursor.
const stageCursor = /* @__PURE__ */ once(() =>
  z.strictObject({
    PK: z.string().check(z.minLength(1), z.maxLength(300)),
    SK: z.literal('PROFILE'),
    GSI3PK: z.string().check(z.minLength(1), z.maxLength(300)),
    GSI3SK: z.string().check(z.minLength(1), z.maxLength(300)),
  }),
);
type StageCursor = z.output<ReturnType<typeof stageCursor>>;
/** The same four keys, read from an item of the stage index (which holds all its attributes). */
const stageKey = /* @__PURE__ */ once(() => z.object(stageCursor().shape));

const encodeCursor = (key: StageCursor): string => Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeCursor = (cursor: string | undefined, stage: Stage): StageCursor | undefined => {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw new InvalidCursorError('is not a cursor this list handed out');
  }
  const parsed = z.safeParse(stageCursor(), key);
  if (!parsed.success || parsed.data.GSI3PK !== stagePartition(stage) || !parsed.data.PK.startsWith('LEAD#')) {
    throw new InvalidCursorError('is not a cursor this list handed out');
  }
  return parsed.data;
};

/** Profiles at `LEAD#<id>` / `PROFILE`, listed by email (GSI2) and by stage (GSI3); erase clears a lead's whole partition. */
/** How many index entries a filtered list reads a round trip. */
const FILTERED_PAGE = 100;

export class DynamoDbLeadStore implements LeadStore {
  constructor(private readonly items: TableItems) {}

  async getLead(leadId: string): Promise<StoredLead | ErasedLead | undefined> {
    const item = await this.items.read(keys.lead(leadId));
    return item && leadOf(item);
  }

  async jobReads(named: readonly string[], jobs: readonly JobKey[]): Promise<JobReads> {
    const leadIds = [...new Set(named)];
    const found = await this.items.readMany([...leadIds.map((leadId) => keys.lead(leadId)), ...jobs.map((job) => keys.activity(job.kind, job.leadId, job.id))]);
    const byKey = new Map(found.map((item) => [`${String(item.PK)}\n${String(item.SK)}`, item]));
    const at = ({ PK, SK }: { PK: string; SK: string }) => byKey.get(`${PK}\n${SK}`);
    const leads = new Map(leadIds.map((leadId) => {
      const item = at(keys.lead(leadId));
      return [leadId, item && leadOf(item)] as const;
    }));
    const items = new Map(
      jobs.map((job) => {
        const item = at(keys.activity(job.kind, job.leadId, job.id));
        return [jobItemKey(job), item && (job.kind === 'submission' ? parseItem(submissionItem(), item) : parseItem(eventRecord(), item))] as const;
      }),
    );
    return { leads, items };
  }

  async saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    // An alias is found by its survivor's email, never its own.
    const email = typeof lead.answers.email === 'string' && !lead.mergedInto ? lead.answers.email : undefined;
    const fields: Record<string, unknown> = { ...profileOf(lead), version, ...(email ? keys.email(email, lead.createdAt) : {}) };
    if (expectedVersion === undefined) {
      // A first save is a conditional put: there is nothing at the key to keep (a tombstone fails the
      // condition, as it fails the update's), and a put is cheaper to build, sign and apply than a
      // SET of every field: it is on every new lead's first step.
      const item = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      if (!(await this.items.putOnce({ ...item, ...keys.lead(lead.leadId) }))) throw new ConflictError(`lead ${lead.leadId} changed since version none`);
      return version;
    }
    // An update, not a put: the scorer's `score` written meanwhile must survive.
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
    names['#version'] = 'version';
    values[':expected'] = expectedVersion;
    const saved = await this.items.update({
      Key: keys.lead(lead.leadId),
      // An alias is listed by neither email nor stage: its lead is.
      UpdateExpression: `SET ${sets.join(', ')}${lead.mergedInto ? ' REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK' : email ? '' : ' REMOVE GSI2PK, GSI2SK'}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    if (!saved) throw new ConflictError(`lead ${lead.leadId} changed since version ${expectedVersion}`);
    return version;
  }

  ensureLead(lead: LeadRecord): Promise<boolean> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':version': 1 };
    const sets = ['#version = if_not_exists(#version, :version)'];
    Object.entries(profileOf(lead)).forEach(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = if_not_exists(#f${i}, :f${i})`);
    });
    return this.items.update({
      Key: keys.lead(lead.leadId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_not_exists(erasedAt)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  async saveQualification(leadId: string, update: { lifecycle: Lifecycle; score?: StoredScore }, expectedVersion: number | undefined): Promise<void> {
    const text = asJsonText(update, JSON_TEXT.profile);
    const values: Record<string, unknown> = {
      ':lifecycle': text.lifecycle,
      ':version': (expectedVersion ?? 0) + 1,
      ':stage': stagePartition(update.lifecycle.stage),
    };
    const sets = ['lifecycle = :lifecycle', 'lifecycleVersion = :version', 'GSI3PK = :stage'];
    if (update.score) {
      values[':score'] = text.score;
      values[':hotness'] = hotnessKey(update.score, leadId);
      sets.push('score = :score', 'GSI3SK = :hotness');
    }
    // `version` is on every profile and on no tombstone: an erased lead is never qualified again.
    let condition = 'attribute_exists(version) AND attribute_not_exists(lifecycleVersion)';
    if (expectedVersion !== undefined) {
      condition = 'attribute_exists(version) AND lifecycleVersion = :expected';
      values[':expected'] = expectedVersion;
    }
    const saved = await this.items.update({
      Key: keys.lead(leadId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
    });
    if (!saved) throw new ConflictError(`lead ${leadId} was qualified by someone else since version ${expectedVersion ?? 'none'}`);
  }

  async leadsInStage(stage: Stage, limit: number, cursor?: string, where?: (lead: StoredLead) => boolean): Promise<{ leads: StoredLead[]; cursor?: string }> {
    // One more than asked: a cursor only while more remain, never after a full last page. A
    // filter reads on, a page of the index at a time, until it has that many or the stage ends.
    const found: { item: Record<string, unknown>; lead: StoredLead }[] = [];
    let start: Record<string, unknown> | undefined = decodeCursor(cursor, stage);
    for (;;) {
      const { Items, LastEvaluatedKey } = await this.items.queryRound({
        IndexName: STAGE.name,
        KeyConditionExpression: 'GSI3PK = :stage',
        ExpressionAttributeValues: { ':stage': stagePartition(stage) },
        ScanIndexForward: false,
        Limit: where ? Math.max(limit + 1, FILTERED_PAGE) : limit + 1,
        ExclusiveStartKey: start,
      });
      for (const item of Items) {
        const lead = parseItem(leadItem(), item);
        if (!where || where(lead)) found.push({ item, lead });
        if (found.length > limit) break;
      }
      if (!where || found.length > limit || !LastEvaluatedKey) break;
      start = LastEvaluatedKey;
    }
    const page = found.slice(0, limit);
    const last = page.at(-1);
    const next = found.length > limit && last ? encodeCursor(parseItem(stageKey(), last.item)) : undefined;
    return { leads: page.map(({ lead }) => lead), ...(next ? { cursor: next } : {}) };
  }

  allLeads(after?: string): AsyncIterable<StoredLead> {
    // A Scan resumes after any key, stored or not: a lead erased since is still a place in the order.
    return this.items.scan(
      leadItem(),
      {
        FilterExpression: 'begins_with(PK, :lead) AND SK = :profile AND attribute_not_exists(mergedInto) AND attribute_not_exists(erasedAt)',
        ExpressionAttributeValues: { ':lead': 'LEAD#', ':profile': 'PROFILE' },
      },
      after === undefined ? undefined : keys.lead(after),
    );
  }

  async leadsByEmail(email: string): Promise<string[]> {
    // Every page: an email many devices typed can outgrow one.
    const entries = await this.items.query(emailEntry(), { IndexName: EMAIL.name, KeyConditionExpression: 'GSI2PK = :email', ExpressionAttributeValues: { ':email': `EMAIL#${email}` } });
    return entries
      .filter((entry) => !entry.mergedInto)
      .map((entry) => entry.leadId);
  }

  async itemsOf(leadIds: readonly string[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    // Everything of a lead shares its partition: one consistent query finds it all.
    for (const leadId of leadIds) {
      const items = await this.items.queryItems({ KeyConditionExpression: 'PK = :lead', ExpressionAttributeValues: { ':lead': `LEAD#${leadId}` }, ConsistentRead: true });
      found.push(...items.map(withJsonRead));
    }
    return found;
  }

  /**
   * `itemsOf` is what erase deletes: `finder` is the store this one is part of, so a store that
   * wraps it and finds items otherwise has its own finder trusted.
   */
  async erase(leadIds: readonly string[], at: string, finder: Pick<LeadStore, 'itemsOf'> = this): Promise<number> {
    // Tombstones first: a writer that checks after its write either sees one and takes its write
    // back, or wrote before it, and then the query below finds and deletes what it wrote.
    // Aliases first, the lead itself last, its tombstone naming them: an erase that stops half-way
    // leaves the lead findable, or a tombstone from which the next DELETE finishes the job.
    const [leadId, ...aliases] = leadIds;
    for (const alias of aliases) await this.items.put({ Item: { ...keys.lead(alias), leadId: alias, erasedAt: at } });
    if (leadId) await this.items.put({ Item: { ...keys.lead(leadId), leadId, erasedAt: at, ...(aliases.length ? { aliases } : {}) } });
    const toDelete = (await finder.itemsOf(leadIds)).map((item) => parseItem(itemKey(), item)).filter((key) => key.SK !== 'PROFILE');
    await this.items.deleteAll(toDelete, `leads ${leadIds.join(', ')}`);
    return toDelete.length + leadIds.length;
  }
}
