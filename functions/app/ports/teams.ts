import * as z from 'zod';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

/** A rep marked away without republishing the team: from and to are ISO 8601 instants, `to` excluded. */
const StoredAbsence = /* @__PURE__ */ (() => z.object({ from: z.string(), to: z.string(), note: z.string().optional() }))();

/** One move the state took (a rep's turn, or a place freed): replaying it (same key) changes nothing. */
export const TeamMove = /* @__PURE__ */ (() => z.object({
  key: z.string(),
  repId: z.string().optional(),
  /** A turn's SLA start: the rep's next working minute when picked out of hours. */
  startsAt: z.string().optional(),
}))();
export type TeamMove = z.output<typeof TeamMove>;

/**
 * What a team's assignment keeps between leads, apart from the published team: the rotation,
 * each rep's open load, who is away, and the latest moves. One item, written conditionally on
 * its version, so two scorers at once never give one lead two reps or skip a rep's turn.
 */
export const TeamState = /* @__PURE__ */ (() => z.object({
  teamId: z.string(),
  version: z.number().int(),
  /** Smooth weighted round-robin, per pool: each rep's current weight. */
  rotation: z.record(z.string(), z.record(z.string(), z.number())),
  /** Leads assigned to each rep and still open (MQL or SAL). */
  open: z.record(z.string(), z.number().int()),
  absences: z.record(z.string(), StoredAbsence),
  /** The latest moves, newest last: a scorer that retries a move finds it here and takes it again as it was. */
  moves: z.array(TeamMove),
}))();
export type TeamState = z.output<typeof TeamState>;

export interface TeamStore {
  teamState(teamId: string): Promise<TeamState | undefined>;
  /**
   * Stores the state over `expectedVersion` (undefined: none stored yet) and answers the new
   * version; throws ConflictError when another writer got there first.
   */
  saveTeamState(state: Omit<TeamState, 'version'>, expectedVersion: number | undefined): Promise<number>;
}
