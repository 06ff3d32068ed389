import { eventRecord, submissionRecord, type ActivityKind, type ActivityStore, type EventRecord, type JobKey, type SubmissionRecord } from '../../app/ports/store.js';
import { once } from '../../core/once.js';
import * as z from '../../core/zod.js';
import { foldedKey, jobsToRequeue, type RequeueLead, type TallyItem } from '../../app/tally-keys.js';
import { JSON_TEXT, asJsonText, fromJsonText, parseItem, type TableItems } from './items.js';
import { keys } from './keys.js';

/** A step as its item holds it: its answers and the answer it got as JSON text, or, written before, as maps. */
export const submissionItem = /* @__PURE__ */ once(() => z.extend(submissionRecord(), { answers: fromJsonText(submissionRecord().shape.answers), response: fromJsonText(z.unknown()) }));

/* Each built by the one scan that reads it (an upgrade, a local host's start): no function needs them at init. */

/** Where an earlier version kept activity: `SUBMISSION#<id>` / `SUBMISSION`, `EVENT#<id>` / `EVENT`, the lead in an attribute. */
const legacyActivity = /* @__PURE__ */ once(() => z.looseObject({ PK: z.string(), SK: z.enum(['SUBMISSION', 'EVENT']), leadId: z.string() }));

/** What a restart reads to judge what to re-queue: each item's key and capture, each profile's watermark and merge. */
const unscoredEntry = /* @__PURE__ */ once(() => z.object({
  SK: z.string(),
  leadId: z.string(),
  at: z.optional(z.string()),
  receivedAt: z.optional(z.string()),
  scoredAt: z.optional(z.string()),
  mergedInto: z.optional(z.string()),
  score: z.optional(fromJsonText(z.object({ through: z.optional(z.string()), folded: z.optional(z.array(z.string())) }))),
  lifecycle: z.optional(fromJsonText(z.object({ outbox: z.optional(z.array(z.unknown())) }))),
}));

/** A lead's activity keys sort from `EVENT#` to `SUBMISSION#…`, and `$` after `#`: every submission key sorts before it. */
const ACTIVITY_FIRST = 'EVENT#';
const ACTIVITY_LAST = 'SUBMISSION$';

const kindOf = (sk: string): ActivityKind => (sk.startsWith('SUBMISSION') ? 'submission' : 'event');
const idOf = (key: string): string => key.slice(key.indexOf('#') + 1);

/** Submissions at `LEAD#<leadId>` / `SUBMISSION#<id>`, events at `… / EVENT#<id>`: in their lead's partition, once each. */
export class DynamoDbActivityStore implements ActivityStore {
  constructor(private readonly items: TableItems) {}

  getSubmission(leadId: string, submissionId: string): Promise<SubmissionRecord | undefined> {
    return this.items.get(submissionItem(), keys.submission(leadId, submissionId));
  }

  putSubmission(record: SubmissionRecord): Promise<boolean> {
    return this.items.putOnce({ ...keys.submission(record.leadId, record.submissionId), ...asJsonText(record, JSON_TEXT.submission) });
  }

  getEvent(leadId: string, eventId: string): Promise<EventRecord | undefined> {
    return this.items.get(eventRecord(), keys.event(leadId, eventId));
  }

  putEvent(record: EventRecord): Promise<boolean> {
    return this.items.putOnce({ ...keys.event(record.leadId, record.eventId), ...record });
  }

  dropActivity(kind: ActivityKind, leadId: string, id: string): Promise<void> {
    return this.items.delete(keys.activity(kind, leadId, id));
  }

  async activity(leadIds: readonly string[]): Promise<{ submissions: SubmissionRecord[]; events: EventRecord[] }> {
    // One query a lead, from its first event to its last submission: between them sort only its
    // profile, notifications and outcomes, a few items beside a history, read and passed over.
    const partitionOf = (leadId: string) =>
      this.items.queryItems({
        KeyConditionExpression: 'PK = :lead AND SK BETWEEN :first AND :last',
        ExpressionAttributeValues: { ':lead': `LEAD#${leadId}`, ':first': ACTIVITY_FIRST, ':last': ACTIVITY_LAST },
        ConsistentRead: true,
      });
    const items = (await Promise.all(leadIds.map(partitionOf))).flat();
    const submissions = items.filter(({ SK }) => String(SK).startsWith('SUBMISSION#')).map((item) => parseItem(submissionItem(), item));
    const events = items.filter(({ SK }) => String(SK).startsWith('EVENT#')).map((item) => parseItem(eventRecord(), item));
    const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
    return { submissions: submissions.sort(byTime), events: events.sort(byTime) };
  }

  async moveLegacyActivity(): Promise<number> {
    let moved = 0;
    // A full scan, run once per upgrade: by the local host at start, on AWS by `npm run migrate`.
    const legacy = this.items.scan(legacyActivity(), {
      FilterExpression: '(begins_with(PK, :submission) AND SK = :submissionSk) OR (begins_with(PK, :event) AND SK = :eventSk)',
      ExpressionAttributeValues: { ':submission': 'SUBMISSION#', ':submissionSk': 'SUBMISSION', ':event': 'EVENT#', ':eventSk': 'EVENT' },
    });
    for await (const { PK, SK, GSI1PK: _activity, GSI1SK: _at, ...record } of legacy) {
      // Copied as stored, first, then deleted: a move that stops half-way is finished by the next run.
      await this.items.putOnce({ ...keys.activity(kindOf(SK), record.leadId, idOf(PK)), ...record });
      await this.items.delete({ PK, SK });
      moved += 1;
    }
    return moved;
  }

  async *unscored(): AsyncIterable<JobKey> {
    // A full scan, run only when a local host starts: on AWS the queue itself is durable.
    const entries = this.items.scan(unscoredEntry(), {
      FilterExpression: 'begins_with(PK, :lead) AND (begins_with(SK, :submission) OR begins_with(SK, :event) OR SK = :profile)',
      ExpressionAttributeNames: { '#at': 'at', '#score': 'score', '#lifecycle': 'lifecycle' },
      ExpressionAttributeValues: { ':lead': 'LEAD#', ':submission': 'SUBMISSION#', ':event': 'EVENT#', ':profile': 'PROFILE' },
      ProjectionExpression: 'PK, SK, leadId, #at, receivedAt, scoredAt, mergedInto, #score, #lifecycle',
    });
    // Profiles and activity come in the table's order: each item is judged once every profile is read.
    const leads = new Map<string, RequeueLead>();
    const items: (JobKey & { item: TallyItem })[] = [];
    for await (const { SK, leadId, at, receivedAt, scoredAt, mergedInto, score, lifecycle } of entries) {
      if (SK === 'PROFILE') {
        leads.set(leadId, { mergedInto, score, owes: (lifecycle?.outbox?.length ?? 0) > 0 });
        continue;
      }
      const kind = kindOf(SK);
      const id = idOf(SK);
      items.push({ kind, id, leadId, item: { key: foldedKey(kind, leadId, id), capturedAt: (kind === 'submission' ? at : receivedAt) ?? '', scoredAt } });
    }
    yield* jobsToRequeue(leads, items);
  }
}

