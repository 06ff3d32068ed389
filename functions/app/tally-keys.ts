import { createHash } from 'node:crypto';
import type { ActivityKind, EventRecord, SubmissionRecord } from './ports/activity.js';
import type { StoredScore } from './ports/leads.js';

/** An item's name in a lead's bookkeeping: its kind, the lead it is stored under, its id. */
export const foldedKey = (kind: ActivityKind, leadId: string, id: string): string => `${kind === 'submission' ? 's' : 'e'}:${leadId}/${id}`;

/**
 * How a lead's score lists an item its tally folded in (`score.folded`): 16 characters of its
 * key's SHA-256 (96 bits: no two of a lead's items meet), whatever the ids' length. A busy lead
 * lists up to 64, a bulk import up to 1,000, in the item every scoring rewrites and DynamoDB
 * bills by the kilobyte on the table and each index. Lists written before hold the keys
 * themselves, and still count.
 */
export const foldedEntry = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 16);

/** A score's folded list as a set, built once per list: a recount asks it of every item of the lead's history. */
const foldedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const foldedSet = (folded: readonly string[]): ReadonlySet<string> => {
  let set = foldedSets.get(folded);
  if (!set) foldedSets.set(folded, (set = new Set(folded)));
  return set;
};

/**
 * How long after its capture instant an item may still be landing in the store: the API
 * functions that write activity stop after 10 s (public) and 29 s (admin), and their clocks
 * agree to well under a second. So once this long has passed, every item captured at or before
 * an instant is stored, and a consistent read sees it: the scored-through watermark never
 * passes an instant younger than this.
 */
export const SETTLE_MS = 2 * 60_000;

/** A submission or event as the tally's bookkeeping sees it. */
export interface TallyItem {
  /** `foldedKey` of the item (a score lists its `foldedEntry`). */
  key: string;
  /**
   * The server's clock when the API took it in (a submission's `at`, an event's `receivedAt`),
   * never the client's `at`: an event reported late with an old date is captured now.
   */
  capturedAt: string;
  /** Set by scorers before the watermark, which marked each item once its job finished. */
  scoredAt?: string | undefined;
}

/** What scoring counts of an event: its stored item's, or the copy its job carries. */
export type EventFacts = Pick<EventRecord, 'eventId' | 'leadId' | 'type' | 'at' | 'receivedAt' | 'scoredAt'>;

export const tallyItemOf = (kind: ActivityKind, record: SubmissionRecord | EventFacts): TallyItem => {
  const submission = kind === 'submission' ? (record as SubmissionRecord) : undefined;
  const event = kind === 'event' ? (record as EventFacts) : undefined;
  return {
    key: foldedKey(kind, record.leadId, submission?.submissionId ?? event?.eventId ?? ''),
    capturedAt: submission?.at ?? event?.receivedAt ?? '',
    ...(record.scoredAt !== undefined ? { scoredAt: record.scoredAt } : {}),
  };
};

/** Whether an instant lies at or before the watermark; an instant that does not parse never does. */
export const isThrough = (capturedAt: string, through: string | undefined): boolean =>
  through !== undefined && Date.parse(capturedAt) <= Date.parse(through);

/**
 * Whether a lead's stored score counts an item in its tally: captured at or before its
 * scored-through watermark, or folded in beyond it. A score written before the watermark
 * (`through` absent) counted the items whose jobs had marked them scored (by `asOf`, when
 * given) and those it had folded in.
 */
export const countedBy = (score: Pick<StoredScore, 'through' | 'folded'> | undefined, item: TallyItem, asOf?: string): boolean => {
  if (!score) return false;
  if (score.folded?.length) {
    const folded = foldedSet(score.folded);
    if (folded.has(foldedEntry(item.key)) || folded.has(item.key)) return true;
  }
  if (score.through !== undefined) return isThrough(item.capturedAt, score.through) && (asOf === undefined || Date.parse(item.capturedAt) <= Date.parse(asOf));
  return item.scoredAt !== undefined && (asOf === undefined || Date.parse(item.scoredAt) <= Date.parse(asOf));
};

/** What deciding whether a lead's score counts an item needs of each lead: its merge, and its score's watermark. */
export interface CountingLead {
  mergedInto?: string | undefined;
  score?: Pick<StoredScore, 'through' | 'folded'> | undefined;
}

/** The score that counts a lead's items: its own, or, for an alias, the lead's it was merged into. */
export const countingScore = (leads: ReadonlyMap<string, CountingLead>, leadId: string): CountingLead['score'] => {
  let lead = leads.get(leadId);
  // Merges chain a step or two; the bound keeps a damaged chain from looping.
  for (let hop = 0; hop < 10 && lead?.mergedInto !== undefined; hop += 1) lead = leads.get(lead.mergedInto);
  return lead?.score;
};

/** A lead as a restart judges it: its merge, its watermark, and whether its outbox still owes effects. */
export interface RequeueLead extends CountingLead {
  owes?: boolean | undefined;
}

/**
 * What a restart re-queues: every item its lead's score does not count yet, and for a lead
 * whose outbox still owes effects (a notice in flight when the process died) one job of its
 * latest item, though counted: a counted job writes nothing but carries out what is owed.
 */
export const jobsToRequeue = <Job extends { leadId: string }>(
  leads: ReadonlyMap<string, RequeueLead>,
  items: readonly (Job & { item: TallyItem })[],
): Job[] => {
  const jobs: Job[] = [];
  const queued = new Set<string>();
  const latest = new Map<string, Job & { item: TallyItem }>();
  for (const entry of items) {
    const { item, ...job } = entry;
    if (!countedBy(countingScore(leads, job.leadId), item)) {
      jobs.push(job as unknown as Job);
      queued.add(job.leadId);
    }
    const before = latest.get(job.leadId);
    if (!before || Date.parse(item.capturedAt) > Date.parse(before.item.capturedAt)) latest.set(job.leadId, entry);
  }
  for (const [leadId, lead] of leads) {
    const last = latest.get(leadId);
    if (lead.owes && lead.mergedInto === undefined && !queued.has(leadId) && last) {
      const { item: _item, ...job } = last;
      jobs.push(job as unknown as Job);
    }
  }
  return jobs;
};
