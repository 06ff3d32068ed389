import { snakeCaseId } from '../../core/ids.js';
import * as z from '../../core/zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

/**
 * What an event's job may carry of it, as the API checked it before storing it: an event type,
 * and two ISO 8601 instants, bounded, since a job is parsed before anything else is checked and
 * the scorer folds them in as they are.
 */
const JobEvent = /* @__PURE__ */ (() => {
  const instant = () => z.iso.datetime({ offset: true }).check(z.maxLength(64));
  return z.strictObject({ type: snakeCaseId(), at: instant(), receivedAt: instant() });
})();

/**
 * One message per stored submission or event: "score this lead again, because of this". An
 * event's job may carry what scoring counts of it (`event`: its type, its client's instant and
 * the server's capture instant), copied from the item the API stored just before queueing it:
 * the scorer then need not read the item. Jobs without it (queued before, or re-queued from the
 * store by a restart) read it, as every job did.
 */
export const ScoringJob = /* @__PURE__ */ (() =>
  z
    .strictObject({
      kind: z.enum(['submission', 'event']),
      id: z.string().check(z.minLength(1), z.maxLength(64)),
      leadId: z.string().check(z.minLength(1), z.maxLength(64)),
      event: z.optional(JobEvent),
    })
    .check(z.refine((job) => job.kind === 'event' || job.event === undefined, { message: 'only an event’s job carries an event', path: ['event'] })))();
export type ScoringJob = z.output<typeof ScoringJob>;

/**
 * An event's scoring job, carrying what its scoring counts (see `ScoringJob`) when that fits the
 * job's bounds; an instant given with more digits than they allow (valid ISO 8601, if odd), or an
 * event stored before types were checked, is read from the store instead: never a job the queue
 * or the scorer refuses.
 */
export const eventJob = (record: { eventId: string; leadId: string; type: string; at: string; receivedAt: string }): ScoringJob => {
  const event = { type: record.type, at: record.at, receivedAt: record.receivedAt };
  return { kind: 'event', id: record.eventId, leadId: record.leadId, ...(JobEvent.safeParse(event).success ? { event } : {}) };
};

/** A job that failed this many receives moves to the dead-letter queue, on AWS and locally. */
export const SCORING_MAX_RECEIVES = 5;
/** Jobs handed to the scorer at once (Lambda's event source mapping; the local poller too). */
export const SCORING_BATCH_SIZE = 10;

export interface ScoringQueue {
  enqueue(job: ScoringJob): Promise<void>;
  /** Many jobs, ten to a request: a restart's re-queue sends thousands. */
  enqueueAll(jobs: readonly ScoringJob[]): Promise<void>;
  /** Backoff: the received message comes back after `seconds`, not the queue's default. */
  retryLater(receiptHandle: string, seconds: number): Promise<void>;
  /** The job again as a new message, delivered after `seconds` (SQS delays at most 15 minutes). */
  defer(job: ScoringJob, seconds: number): Promise<void>;
}
