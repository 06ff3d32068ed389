import * as z from '../../core/zod.js';
import { OUTCOMES } from '../../core/index.js';
import { once } from '../../core/once.js';

// Built by the first call of `storedOutcome()` (functions/core/once.ts): a cycle's first outcome
// record or report, rather than every function's init.

/** A cycle's outcome record as stored (the core's `OutcomeRecord`), with the revision that wrote it. */
export const storedOutcome = /* @__PURE__ */ once(() => z.object({
  leadId: z.string(),
  cycle: z.number().check(z.int()),
  qualifiedAt: z.string(),
  handRaiser: z.boolean(),
  playbookId: z.string(),
  playbookVersion: z.number().check(z.int()),
  grade: z.string(),
  band: z.string(),
  fitPoints: z.number(),
  interestScore: z.number(),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  events: z.array(z.object({ type: z.string(), at: z.string() })),
  formId: z.optional(z.string()),
  utmSource: z.optional(z.string()),
  outcome: z.enum(OUTCOMES),
  reason: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  /** How many of the cycle's moves the record has seen: an older writer never overwrites a newer one. */
  revision: z.number().check(z.int()),
}));
export type StoredOutcome = z.output<ReturnType<typeof storedOutcome>>;

export interface OutcomePage {
  outcomes: StoredOutcome[];
  cursor?: string;
}

/** The closed loop's records: one per cycle that reached MQL, read by qualification time without touching the leads. */
export interface OutcomeStore {
  /** Stores a cycle's record unless one of a later or the same revision is stored; answers whether it wrote. */
  saveOutcome(record: StoredOutcome): Promise<boolean>;
  /** The stored record of a lead's cycle. */
  getOutcome(leadId: string, cycle: number): Promise<StoredOutcome | undefined>;
  /**
   * Records of cycles qualified between `from` and `to` (ISO 8601, inclusive), oldest first, a
   * page at a time; a cursor only while more remain. Throws InvalidCursorError on a cursor it did not hand out.
   */
  outcomes(period: { from: string; to: string }, limit: number, cursor?: string): Promise<OutcomePage>;
}
