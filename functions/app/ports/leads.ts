import type { EventRecord, JobKey, SubmissionRecord } from './activity.js';
import { ATTEMPT_CHANNELS, Owner, STAGES, type LeadRecord, type Lifecycle, type Stage } from '../../core/index.js';
import { once } from '../../core/once.js';
import * as z from '../../core/zod.js';

// Each schema is built by its builder's first call (functions/core/once.ts): a function that reads
// no lead (the webhook deliverer) builds none of them, and one that does builds them on its first
// read rather than at init.

/*
 * The core's lead types are plain interfaces (the core validates steps, not stored data), so
 * what a store reads back is parsed here, against schemas of exactly those types:
 * test/unit/adapters/store-records.test.ts holds each to its interface, so a field added to
 * the core cannot be silently dropped by a read. They check types, not the rules that made the
 * values: a stored lead was valid when written, and a rule added since must not make it unreadable.
 */

/** One instance for every integer field: zod builds three objects per `z.number().check(z.int())`, and a profile has some forty. */
const integer = /* @__PURE__ */ once(() => z.number().check(z.int()));

const answer = /* @__PURE__ */ once(() => z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

const aliasAnswer = /* @__PURE__ */ once(() => z.object({ value: answer(), at: z.string(), leadId: z.string() }));

export const leadRecordSchema = /* @__PURE__ */ once(() => z.object({
  leadId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  answers: z.record(z.string(), answer()),
  answeredAt: z.record(z.string(), z.string()),
  skipped: z.record(z.string(), z.array(z.string())),
  submissionIds: z.array(z.string()),
  mergedFrom: z.array(z.string()),
  mergedInto: z.optional(z.string()),
  aliasAnswers: z.optional(z.record(z.string(), aliasAnswer())),
  claims: z.optional(z.array(z.extend(aliasAnswer(), { field: z.string() }))),
  lastFormId: z.optional(z.string()),
  playbookId: z.optional(z.string()),
  source: z.optional(z.object({ formId: z.string(), utmSource: z.optional(z.string()) })),
}));

const stageSchema = /* @__PURE__ */ once(() => z.enum(STAGES));

const transitionSchema = /* @__PURE__ */ once(() => z.object({
  from: stageSchema(),
  to: stageSchema(),
  why: z.string(),
  at: z.string(),
  cycle: integer(),
  reason: z.optional(z.string()),
  by: z.optional(z.string()),
}));

const assignmentSchema = /* @__PURE__ */ once(() => z.object({
  cycle: integer(),
  round: integer(),
  team: z.string(),
  pool: z.optional(z.string()),
  rep: z.optional(z.string()),
  assignedAt: z.string(),
  startsAt: z.optional(z.string()),
  dueAt: z.optional(z.string()),
  touchedAt: z.optional(z.string()),
  missedAt: z.optional(z.string()),
  releasedAt: z.optional(z.string()),
}));

// Intersections, as the core writes these types: the parsed type is then exactly the core's.
const repAssignmentSchema = /* @__PURE__ */ once(() => z.intersection(assignmentSchema(), z.object({ rep: z.string() })));

/** A webhook event an outbox owes: what core/webhooks.ts's `WebhookTrigger` holds. */
const webhookTriggerSchema = /* @__PURE__ */ once(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('lead.qualified'), at: z.string(), cycle: integer(), handRaiser: z.boolean(), assignment: z.optional(assignmentSchema()) }),
  z.object({ type: z.literal('lead.assigned'), at: z.string(), assignment: repAssignmentSchema() }),
  z.object({ type: z.literal('lead.reassigned'), at: z.string(), assignment: repAssignmentSchema(), previousRep: z.optional(z.string()) }),
  z.object({ type: z.literal('lead.sla_missed'), at: z.string(), assignment: z.intersection(repAssignmentSchema(), z.object({ missedAt: z.string() })) }),
  z.object({ type: z.enum(['lead.accepted', 'lead.returned', 'lead.converted']), at: z.string(), transition: transitionSchema() }),
]));

export const lifecycleSchema = /* @__PURE__ */ once(() => z.object({
  stage: stageSchema(),
  cycle: integer(),
  handRaiser: z.boolean(),
  qualifiedAt: z.optional(z.string()),
  nurturedAt: z.optional(z.string()),
  returnReason: z.optional(z.string()),
  escalatedCycle: z.optional(integer()),
  notifiedCycle: z.optional(integer()),
  outbox: z.optional(
    z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('notify'), cycle: integer(), handRaiser: z.boolean() }),
        z.object({ kind: z.literal('escalate'), cycle: integer() }),
        z.object({ kind: z.literal('assign'), cycle: integer(), round: integer() }),
        z.object({ kind: z.literal('notify_rep'), cycle: integer(), round: integer() }),
        z.object({ kind: z.literal('tell_moved'), cycle: integer(), round: integer() }),
        z.object({ kind: z.literal('release'), cycle: integer(), round: integer() }),
        z.object({ kind: z.literal('outcome'), cycle: integer() }),
        z.object({ kind: z.literal('webhook'), cycle: integer(), key: z.string(), event: webhookTriggerSchema() }),
      ]),
    ),
  ),
  history: z.array(
    transitionSchema(),
  ),
  assignments: z.optional(
    z.array(
      assignmentSchema(),
    ),
  ),
  attempts: z.optional(
    z.array(z.object({ cycle: integer(), at: z.string(), channel: z.enum(ATTEMPT_CHANNELS), note: z.optional(z.string()), by: z.string() })),
  ),
}));

/**
 * A lead's score as its item keeps it: the figures, not the reasons (`reasonsOf` works those out
 * again from the answers and the tally). Every scoring rewrites the score whole, so the reasons
 * (a kilobyte) weighed on every job's write; an item written before this keeps them and they are
 * dropped on read.
 */
export const storedScore = /* @__PURE__ */ once(() => z.object({
  fit: z.object({ points: z.number(), grade: z.string() }),
  interest: z.object({ score: z.number(), band: z.string() }),
  owner: Owner,
  playbookId: z.string(),
  playbookVersion: integer(),
  /** The `now` interest was decayed to (ISO 8601). */
  scoredAt: z.string(),
  /** Interest as running sums at `scoredAt`: the next job folds in its own item instead of reading the history. */
  tally: z.optional(
    z.object({
      asOf: z.string(),
      types: z.record(z.string(), z.object({ count: z.number(), points: z.number() })),
      ahead: z.array(z.object({ type: z.string(), at: z.string() })),
    }),
  ),
  /**
   * The scored-through watermark (ISO 8601): every submission and event of the lead and its
   * aliases captured (by the server's clock, `tally-keys.ts`) at or before it is in the tally.
   * Absent on scores from before it, whose jobs marked each item `scoredAt` instead.
   */
  through: z.optional(z.string()),
  /** The items captured after `through` that the tally holds (`kind:leadId/id`); before the watermark, the latest it folded in. */
  folded: z.optional(z.array(z.string())),
  /** How many aliases the lead had when the tally was made: one absorbed since brings its own history, so the next job recomputes. */
  aliases: z.optional(integer()),
}));
export type StoredScore = z.output<ReturnType<typeof storedScore>>;

export const storedLead = /* @__PURE__ */ once(() => z.object({
  lead: leadRecordSchema(),
  /** Optimistic-concurrency counter: every profile write names the version it read. */
  version: integer(),
  score: z.optional(storedScore()),
  lifecycle: z.optional(lifecycleSchema()),
  /** Optimistic-concurrency counter of score and lifecycle, apart from the profile's. */
  lifecycleVersion: z.optional(integer()),
}));
export type StoredLead = z.output<ReturnType<typeof storedLead>>;

/**
 * What is left of an erased lead: its id and when, so the id is never brought back to life and
 * no writer that raced the erase leaves anything behind.
 */
export const erasedLead = /* @__PURE__ */ once(() => z.object({
  leadId: z.string(),
  erasedAt: z.string(),
  /** The aliases erased with it (ids only), so an erase that stopped half-way can be finished. */
  aliases: z.optional(z.array(z.string())),
}));
export type ErasedLead = z.output<ReturnType<typeof erasedLead>>;

/** A batch's first reads: each lead the jobs name (undefined: none stored) and the jobs' own items asked for, by `jobItemKey`. */
export interface JobReads {
  leads: Map<string, StoredLead | ErasedLead | undefined>;
  items: Map<string, SubmissionRecord | EventRecord | undefined>;
}

export const isErased = (found: StoredLead | ErasedLead | undefined): found is ErasedLead => found !== undefined && 'erasedAt' in found;

/** Leads' profiles, found by id, email or stage, and erased whole. */
export interface LeadStore {
  /** A lead's own profile, as stored under its id (an alias's too), or what is left of it once erased. */
  getLead(leadId: string): Promise<StoredLead | ErasedLead | undefined>;
  /**
   * What a batch of scoring jobs reads first, in as few round trips as the store allows (DynamoDB:
   * one BatchGetItem per 100 keys): the leads they name, and the items of those that do not carry theirs.
   */
  jobReads(leadIds: readonly string[], items: readonly JobKey[]): Promise<JobReads>;
  /**
   * Writes a lead's profile and answers its new version; `expectedVersion` undefined creates it.
   * Fields the record leaves out keep what is stored (the scorer's score and lifecycle among
   * them). Throws ConflictError on a lost race, and when the lead was erased meanwhile. A lead
   * with an email of its own is listed under it; an alias (`mergedInto`) by neither email nor stage.
   */
  saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number>;
  /**
   * Creates a lead's first profile (version 1) unless it exists, then only fills in the fields
   * it lacks; false when the lead was erased. Not listed by email: only `saveLead` lists a lead.
   */
  ensureLead(lead: LeadRecord): Promise<boolean>;
  /**
   * Writes a lead's score and lifecycle together; `expectedVersion` is the lifecycleVersion
   * read (undefined: none yet). Throws ConflictError when another writer got there first, and
   * for a lead with no profile (never stored, or erased). Lists the lead under its stage once
   * it has a score.
   */
  saveQualification(leadId: string, update: { lifecycle: Lifecycle; score?: StoredScore }, expectedVersion: number | undefined): Promise<void>;
  /**
   * Leads in a stage, hottest first (interest score, then fit points), a page at a time; a
   * cursor only while more remain. Throws InvalidCursorError on a cursor it did not hand out.
   */
  leadsInStage(stage: Stage, limit: number, cursor?: string, where?: (lead: StoredLead) => boolean): Promise<{ leads: StoredLead[]; cursor?: string }>;
  /**
   * Every lead that is neither merged into another nor erased (the reports and the export read
   * them), in the store's own order, which a lead keeps for life: given `after`, only the leads
   * after that one, so a long read can stop and resume where it stopped.
   */
  allLeads(after?: string): AsyncIterable<StoredLead>;
  /** The leads that gave this email, oldest first (by `createdAt`). */
  leadsByEmail(email: string): Promise<string[]>;
  /** Every item keyed to these leads, as stored (GDPR access). */
  itemsOf(leadIds: readonly string[]): Promise<Record<string, unknown>[]>;
  /**
   * Deletes every item keyed to these leads, the email index with them, and leaves each a
   * tombstone (`ErasedLead`) written first, which writers racing the erase check; answers how
   * many items it deleted, each tombstone counted as one. The first id is the lead, the rest
   * its aliases: theirs are written first, and the lead's names them.
   */
  erase(leadIds: readonly string[], at: string): Promise<number>;
}
