import { answersOf, pickRep, poolFor, repsOf, slaDeadline, type Assignment, type LeadRecord, type Lifecycle, type Playbook, type Team } from '../core/index.js';
import type { Store, TeamMove, TeamState } from './ports/store.js';
import { retryOnConflict } from './retry.js';

/**
 * Moves a team's state remembers: a scorer retrying a move within this many later ones finds it
 * and takes it again as it was, rather than giving the lead a second rep or freeing a place twice.
 */
export const MAX_TEAM_MOVES = 200;

type TeamStates = Pick<Store, 'teamState' | 'saveTeamState'>;

/**
 * A team's state is one item every scorer of the team writes: busier than any lead, so a move
 * retries longer before it gives up (and its job comes back from the queue).
 */
export const TEAM_MOVE_ATTEMPTS = 40;

const emptyState = (teamId: string): Omit<TeamState, 'version'> => ({ teamId, rotation: {}, open: {}, absences: {}, moves: [] });

/** The moves of each team this container is making, chained: they would only collide with each other. */
const inFlight = new Map<string, Promise<unknown>>();

/** Runs `step` after this container's earlier moves on the team have settled. */
const oneAtATime = <T>(teamId: string, step: () => Promise<T>): Promise<T> => {
  const previous = inFlight.get(teamId) ?? Promise.resolve();
  const run = previous.then(step, step);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  inFlight.set(teamId, settled);
  void settled.then(() => {
    if (inFlight.get(teamId) === settled) inFlight.delete(teamId);
  });
  return run;
};

/**
 * Applies one move to the team's state, once: read, change, write over the version read (another
 * container's move in between makes it read again), unless the state lists the move already.
 * Within a container the team's moves take turns, so only other containers' moves collide.
 */
const moveOnce = (store: TeamStates, teamId: string, key: string, change: (state: Omit<TeamState, 'version'>) => { state: Omit<TeamState, 'version'>; move: TeamMove }): Promise<TeamMove> =>
  oneAtATime(teamId, () =>
    retryOnConflict(
      async () => {
        const stored = await store.teamState(teamId);
        const done = stored?.moves.find((move) => move.key === key);
        if (done) return done;
        const { version, ...current } = stored ?? { ...emptyState(teamId), version: undefined };
        const { state, move } = change(current);
        await store.saveTeamState({ ...state, moves: [...state.moves, move].slice(-MAX_TEAM_MOVES) }, version);
        return move;
      },
      { attempts: TEAM_MOVE_ATTEMPTS },
    ),
  );

/** The pool's next rep by the team's rotation, taking a place in their open load; none when nobody can take it. */
export const takeTurn = (store: TeamStates, team: Team, pool: string | undefined, key: string, at: Date, exclude: readonly string[]): Promise<TeamMove> =>
  moveOnce(store, team.id, key, (state) => {
    if (pool === undefined) return { state, move: { key } };
    const choice = pickRep({ team, pool, rotation: { current: state.rotation[pool] ?? {} }, open: state.open, absences: state.absences, at, exclude });
    const rotation = { ...state.rotation, [pool]: choice.rotation.current };
    if ('none' in choice) return { state: { ...state, rotation }, move: { key } };
    const open = { ...state.open, [choice.repId]: (state.open[choice.repId] ?? 0) + 1 };
    return { state: { ...state, rotation, open }, move: { key, repId: choice.repId, startsAt: choice.slaStartsAt.toISOString() } };
  });

/** A rep's open load, one lead lighter (it left MQL and SAL, or moved on). */
export const freePlace = (store: TeamStates, teamId: string, repId: string, key: string): Promise<TeamMove> =>
  moveOnce(store, teamId, key, (state) => ({
    state: { ...state, open: { ...state.open, [repId]: Math.max(0, (state.open[repId] ?? 0) - 1) } },
    move: { key, repId },
  }));

const moveKey = (kind: 'assign' | 'release', leadId: string, cycle: number, round: number): string => `${kind}:${leadId}:${cycle}:${round}`;

/** When the rep must have touched the lead: working hours counted from the SLA's start, or wall-clock hours. */
const dueAtOf = (team: Team, repId: string, startsAt: Date, playbook: Playbook): Date => {
  const rep = repsOf(team).find((candidate) => candidate.id === repId) ?? { timezone: team.timezone, workingHours: team.workingHours };
  return slaDeadline(playbook.sla, rep, startsAt);
};

/**
 * The assignment of one round: the pool by the playbook's first `assign` rule that holds, a
 * rep by the team's rotation (every rep who had the lead this cycle left out), and the SLA's
 * deadline in that rep's working hours. Replayed, it answers the same rep.
 */
export const assignRound = async (
  store: TeamStates,
  { lead, lifecycle, playbook, team, cycle, round, now }: { lead: LeadRecord; lifecycle: Lifecycle; playbook: Playbook; team: Team; cycle: number; round: number; now: Date },
): Promise<Omit<Assignment, 'cycle' | 'round'>> => {
  const pool = poolFor(playbook.assign ?? [], answersOf(lead));
  const exclude = (lifecycle.assignments ?? []).flatMap((earlier) => (earlier.cycle === cycle && earlier.rep ? [earlier.rep] : []));
  const move = await takeTurn(store, team, pool, moveKey('assign', lead.leadId, cycle, round), now, exclude);
  const base = { team: team.id, ...(pool === undefined ? {} : { pool }), assignedAt: now.toISOString() };
  if (!move.repId) return base;
  const startsAt = new Date(move.startsAt ?? now.toISOString());
  return { ...base, rep: move.repId, startsAt: startsAt.toISOString(), dueAt: dueAtOf(team, move.repId, startsAt, playbook).toISOString() };
};

/** Frees the place a round's rep held for the lead. */
export const releaseRound = (store: TeamStates, assignment: Assignment, leadId: string): Promise<TeamMove | undefined> =>
  assignment.rep ? freePlace(store, assignment.team, assignment.rep, moveKey('release', leadId, assignment.cycle, assignment.round)) : Promise.resolve(undefined);
