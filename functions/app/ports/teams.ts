import * as z from '../../core/zod.js';
import { once } from '../../core/once.js';

// Each schema is built by its builder's first call (functions/core/once.ts): a team's first
// assignment or absence, rather than every function's init.

/** A rep marked away without republishing the team: from and to are ISO 8601 instants, `to` excluded. */
const storedAbsence = /* @__PURE__ */ once(() => z.object({ from: z.string(), to: z.string(), note: z.optional(z.string()) }));

/** One move the state took (a rep's turn, or a place freed): replaying it (same key) changes nothing. */
export const teamMove = /* @__PURE__ */ once(() => z.object({
  key: z.string(),
  repId: z.optional(z.string()),
  /** A turn's SLA start: the rep's next working minute when picked out of hours. */
  startsAt: z.optional(z.string()),
}));
export type TeamMove = z.output<ReturnType<typeof teamMove>>;

/**
 * What a team's assignment keeps between leads, apart from the published team: the rotation,
 * each rep's open load, who is away, and the latest moves. One item, written conditionally on
 * its version, so two scorers at once never give one lead two reps or skip a rep's turn.
 */
export const teamState = /* @__PURE__ */ once(() => z.object({
  teamId: z.string(),
  version: z.number().check(z.int()),
  /** Smooth weighted round-robin, per pool: each rep's current weight. */
  rotation: z.record(z.string(), z.record(z.string(), z.number())),
  /** Leads assigned to each rep and still open (MQL or SAL). */
  open: z.record(z.string(), z.number().check(z.int())),
  absences: z.record(z.string(), storedAbsence()),
  /** The latest moves, newest last: a scorer that retries a move finds it here and takes it again as it was. */
  moves: z.array(teamMove()),
}));
export type TeamState = z.output<ReturnType<typeof teamState>>;

export interface TeamStore {
  teamState(teamId: string): Promise<TeamState | undefined>;
  /**
   * Stores the state over `expectedVersion` (undefined: none stored yet) and answers the new
   * version; throws ConflictError when another writer got there first.
   */
  saveTeamState(state: Omit<TeamState, 'version'>, expectedVersion: number | undefined): Promise<number>;
}
