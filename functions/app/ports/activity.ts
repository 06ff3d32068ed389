import * as z from '../../core/zod.js';
import { once } from '../../core/once.js';

// Each schema is built by its builder's first call (functions/core/once.ts): the scorer's first
// job, the public API's first event or replayed step, rather than every function's init.

export const ActivityKind = /* @__PURE__ */ (() => z.enum(['submission', 'event']))();
export type ActivityKind = z.output<typeof ActivityKind>;

/** A step as accepted: stored before it is applied, so it is never lost nor half-stored. */
export const submissionRecord = /* @__PURE__ */ once(() => z.object({
  submissionId: z.string(),
  /** The id the step was given under (the device's own, an alias or not), its idempotency scope. */
  leadId: z.string(),
  /** The request's digest: the same submissionId with another body is refused. Absent on steps stored before digests. */
  fingerprint: z.optional(z.string()),
  formId: z.string(),
  formVersion: z.number().check(z.int()),
  /** The accepted, normalised step. */
  answers: z.record(z.string(), z.unknown()),
  skipped: z.array(z.string()),
  context: z.optional(z.record(z.string(), z.unknown())),
  /**
   * Written by earlier versions only: the lead found then with this step's email, which it merges
   * into. Steps are now stored without it, their email's lead looked up when they are applied.
   */
  mergeWith: z.optional(z.string()),
  at: z.string(),
  /** The first answer, replayed as-is to a retry with the same submissionId. */
  response: z.unknown(),
  /** When its job finished, on steps scored before the scored-through watermark; never written since. */
  scoredAt: z.optional(z.string()),
}));
export type SubmissionRecord = z.output<ReturnType<typeof submissionRecord>>;

export const eventRecord = /* @__PURE__ */ once(() => z.object({
  eventId: z.string(),
  leadId: z.string(),
  /** The request's digest: the same eventId with another body is refused. Absent on events stored before digests. */
  fingerprint: z.optional(z.string()),
  type: z.string(),
  at: z.string(),
  receivedAt: z.string(),
  source: z.enum(['public', 'admin']),
  properties: z.optional(z.record(z.string(), z.unknown())),
  /** When its job finished, on events scored before the scored-through watermark; never written since. */
  scoredAt: z.optional(z.string()),
}));
export type EventRecord = z.output<ReturnType<typeof eventRecord>>;

/** A scoring job's reads: the lead it names, and its own item. */
export interface JobKey {
  kind: ActivityKind;
  leadId: string;
  id: string;
}

export const jobItemKey = ({ kind, leadId, id }: JobKey): string => `${kind}\n${leadId}\n${id}`;

/** A lead's stored history: its steps and its events. */
export interface Activity {
  submissions: SubmissionRecord[];
  events: EventRecord[];
}

/** What each lead sent: its steps and events, each stored once under the lead's own id. */
export interface ActivityStore {
  getSubmission(leadId: string, submissionId: string): Promise<SubmissionRecord | undefined>;
  /** Stores a submission once per lead; false when that lead has one with that id already (whatever its body). */
  putSubmission(record: SubmissionRecord): Promise<boolean>;
  getEvent(leadId: string, eventId: string): Promise<EventRecord | undefined>;
  /** Stores an event once per lead; false when that lead has one with that id already (whatever its body). */
  putEvent(record: EventRecord): Promise<boolean>;
  /** Takes back a submission or event written for a lead that was erased meanwhile. */
  dropActivity(kind: ActivityKind, leadId: string, id: string): Promise<void>;
  /** Submissions and events of these leads, each list oldest first (by `at`). */
  activity(leadIds: readonly string[]): Promise<Activity>;
  /**
   * Moves submissions and events stored before each lead's activity lived in its own
   * partition (`SUBMISSION#<id>`, `EVENT#<id>`) into it; answers how many. Safe to run again.
   */
  moveLegacyActivity(): Promise<number>;
  /**
   * Submissions and events their lead's score does not count yet (`countedBy`: its
   * scored-through watermark and the items beyond it; an alias's, its lead's): re-queued when a
   * local host starts.
   */
  unscored(): AsyncIterable<JobKey>;
}
