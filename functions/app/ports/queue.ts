import * as z from '../../core/zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

/** One message per stored submission or event: "score this lead again, because of this". */
export const ScoringJob = /* @__PURE__ */ (() => z.strictObject({
  kind: z.enum(['submission', 'event']),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  leadId: z.string().check(z.minLength(1), z.maxLength(64)),
}))();
export type ScoringJob = z.output<typeof ScoringJob>;

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
