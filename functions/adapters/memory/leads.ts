import * as z from '../../core/zod.js';
import { STAGES, type Stage } from '../../core/index.js';
import { ConflictError, InvalidCursorError } from '../../app/ports/errors.js';
import { jobItemKey, type LeadStore, type StoredLead, type StoredScore } from '../../app/ports/store.js';
import { byteOrder, copy, isTombstone, sortedValues, type MemoryTable, type Profile } from './table.js';

/** Where a page ended: the last lead's place in the list, and the list's stage. */
const StageCursor = z.strictObject({ stage: z.enum(STAGES), interest: z.number().check(z.int()), fit: z.number().check(z.int()), leadId: z.string().check(z.minLength(1)) });
type StageCursor = z.output<typeof StageCursor>;

const hotnessOf = (score: StoredScore) => ({ interest: Math.round(score.interest.score * 100), fit: Math.round(score.fit.points * 100) });

/** Hottest first: interest, then fit, then (for a tie) the lead id, all descending. */
const hottestFirst = (a: Omit<StageCursor, 'stage'>, b: Omit<StageCursor, 'stage'>): number =>
  b.interest - a.interest || b.fit - a.fit || byteOrder(b.leadId, a.leadId);

const placeOf = (profile: Profile, hotness: { interest: number; fit: number }) => ({ ...hotness, leadId: profile.lead.leadId });

const decodeCursor = (cursor: string | undefined, stage: Stage): StageCursor | undefined => {
  if (!cursor) return undefined;
  let place: unknown;
  try {
    place = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw new InvalidCursorError('is not a cursor this list handed out');
  }
  const parsed = StageCursor.safeParse(place);
  if (!parsed.success || parsed.data.stage !== stage) throw new InvalidCursorError('is not a cursor this list handed out');
  return parsed.data;
};

/** What the store keeps beside a lead's fields, each only once set. */
const bookkeeping = ({ version, score, lifecycle, lifecycleVersion }: Profile) => ({
  version,
  ...(score ? { score } : {}),
  ...(lifecycle ? { lifecycle } : {}),
  ...(lifecycleVersion !== undefined ? { lifecycleVersion } : {}),
});

const storedLead = (profile: Profile): StoredLead => copy({ lead: profile.lead, ...bookkeeping(profile) });

/**
 * A record without its undefined fields. DynamoDB stores no undefined, so an update leaves such a
 * field as it was; the cast holds because a required field of a record is never undefined.
 */
const given = <T extends object>(record: T): T => Object.fromEntries(Object.entries(copy(record)).filter(([, value]) => value !== undefined)) as T;

const leadOf = (table: MemoryTable, leadId: string) => {
  const profile = table.partitions.get(leadId)?.profile;
  if (!profile) return undefined;
  return isTombstone(profile) ? copy(profile) : storedLead(profile);
};

/** A profile as an item holds it, flat, for the GDPR export. */
const asItem = (profile: Profile): Record<string, unknown> => ({ ...profile.lead, ...bookkeeping(profile) });

export const memoryLeadStore = (table: MemoryTable): LeadStore => ({
  async getLead(leadId) {
    return leadOf(table, leadId);
  },

  async jobReads(leadIds, jobs) {
    const leads = new Map(leadIds.map((leadId) => [leadId, leadOf(table, leadId)] as const));
    const items = new Map(
      jobs.map((job) => {
        const partition = table.partitions.get(job.leadId);
        const item = job.kind === 'submission' ? partition?.submissions.get(job.id) : partition?.events.get(job.id);
        return [jobItemKey(job), copy(item)] as const;
      }),
    );
    return { leads, items };
  },

  async saveLead(lead, expectedVersion) {
    const current = table.partitions.get(lead.leadId)?.profile;
    // A tombstone has no version: an erased lead is never written again.
    if (isTombstone(current) || (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion)) {
      throw new ConflictError(`lead ${lead.leadId} changed since version ${expectedVersion ?? 'none'}`);
    }
    const version = (expectedVersion ?? 0) + 1;
    // The fields the record has, over what is stored: the scorer's score written meanwhile survives.
    const profile: Profile = { ...current, lead: { ...current?.lead, ...given(lead) }, version };
    // An alias is found by its survivor's email, never its own, and in no stage: its lead is.
    const email = typeof lead.answers.email === 'string' && !lead.mergedInto ? lead.answers.email : undefined;
    delete profile.listedByEmail;
    if (email) profile.listedByEmail = { email, createdAt: lead.createdAt };
    if (lead.mergedInto) {
      delete profile.listedInStage;
      delete profile.hotness;
    }
    table.partition(lead.leadId).profile = profile;
    return version;
  },

  async ensureLead(lead) {
    const partition = table.partition(lead.leadId);
    const current = partition.profile;
    if (isTombstone(current)) return false;
    // Each field only where the profile has none: a profile written meanwhile keeps what it has.
    partition.profile = current ? { ...current, lead: { ...given(lead), ...current.lead } } : { lead: given(lead), version: 1 };
    return true;
  },

  async saveQualification(leadId, update, expectedVersion) {
    const profile = table.partitions.get(leadId)?.profile;
    // Only a profile has a version: an erased lead (or one never stored) is never qualified.
    if (!profile || isTombstone(profile) || profile.lifecycleVersion !== expectedVersion) {
      throw new ConflictError(`lead ${leadId} was qualified by someone else since version ${expectedVersion ?? 'none'}`);
    }
    profile.lifecycle = copy(update.lifecycle);
    profile.lifecycleVersion = (expectedVersion ?? 0) + 1;
    profile.listedInStage = update.lifecycle.stage;
    if (update.score) {
      profile.score = copy(update.score);
      profile.hotness = hotnessOf(update.score);
    }
  },

  async leadsInStage(stage, limit, cursor, where) {
    const start = decodeCursor(cursor, stage);
    const listed = [...table.profiles()]
      .flatMap((profile) => (profile.listedInStage === stage && profile.hotness ? [{ profile, place: placeOf(profile, profile.hotness) }] : []))
      .sort((a, b) => hottestFirst(a.place, b.place))
      .filter(({ place }) => !start || hottestFirst(start, place) < 0)
      .filter(({ profile }) => !where || where(storedLead(profile)));
    const page = listed.slice(0, limit);
    const last = page.at(-1);
    const next = listed.length > limit && last ? Buffer.from(JSON.stringify({ stage, ...last.place })).toString('base64url') : undefined;
    return { leads: page.map(({ profile }) => storedLead(profile)), ...(next ? { cursor: next } : {}) };
  },

  async *allLeads(after) {
    // By id, as the table's order is the hash of its key: stable for each lead, whatever else changes.
    const profiles = [...table.profiles()].sort((a, b) => byteOrder(a.lead.leadId, b.lead.leadId));
    for (const profile of profiles) {
      if (profile.lead.mergedInto === undefined && (after === undefined || byteOrder(profile.lead.leadId, after) > 0)) yield storedLead(profile);
    }
  },

  async leadsByEmail(email) {
    return [...table.profiles()]
      .flatMap((profile) => (profile.listedByEmail?.email === email && !profile.lead.mergedInto ? [{ leadId: profile.lead.leadId, createdAt: profile.listedByEmail.createdAt }] : []))
      .sort((a, b) => byteOrder(a.createdAt, b.createdAt) || byteOrder(a.leadId, b.leadId))
      .map(({ leadId }) => leadId);
  },

  async itemsOf(leadIds) {
    return leadIds.flatMap((leadId) => {
      const partition = table.partitions.get(leadId);
      if (!partition) return [];
      const { profile } = partition;
      // In the order of the table's sort keys: EVENT#, NOTIFY#, OUTCOME#, PROFILE, SUBMISSION#.
      return copy([
        ...sortedValues(partition.events),
        ...sortedValues(partition.notifications),
        ...sortedValues(partition.outcomes),
        ...(profile ? [isTombstone(profile) ? profile : asItem(profile)] : []),
        ...sortedValues(partition.submissions),
      ]);
    });
  },

  async erase(leadIds, at) {
    // Tombstones first, the aliases' before the lead's, as the DynamoDB store writes them.
    const [leadId, ...aliases] = leadIds;
    for (const alias of aliases) table.partition(alias).profile = { leadId: alias, erasedAt: at };
    if (leadId) table.partition(leadId).profile = { leadId, erasedAt: at, ...(aliases.length ? { aliases: [...aliases] } : {}) };
    let erased = 0;
    for (const id of leadIds) {
      const { submissions, events, notifications, outcomes } = table.partition(id);
      erased += submissions.size + events.size + notifications.size + outcomes.size;
      for (const items of [submissions, events, notifications, outcomes]) items.clear();
    }
    return erased + leadIds.length;
  },
});
