import { availability, pickRep, repsOf, type Absence, type Availability } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { InvalidRequestError, NotFoundError, StateConflictError } from './errors.js';
import { ConflictError } from './ports/errors.js';
import type { TeamState } from './ports/store.js';
import { readDocument } from './publish-document.js';
import { retryOnConflict } from './retry.js';

/** A rep as the admin page shows them: who, how loaded, whether they can take a lead now, and whose turn it is. */
export interface RepStanding {
  id: string;
  name: string;
  email: string;
  pools: string[];
  weight: number;
  maxOpen?: number;
  timezone: string;
  open: number;
  away?: Absence;
  /** `available`, `off_hours` (outside their working hours), `away`, or `full` (at `maxOpen`). */
  availability: Availability;
  /** The pools where this rep takes the next lead. */
  nextIn: string[];
}

/** The team as published, with each rep's standing now. */
export const readTeam = async (deps: Pick<AppDependencies, 'store' | 'now'>, teamId: string, version?: number): Promise<Record<string, unknown> & { reps: unknown[]; standing: RepStanding[] }> => {
  const published = (await readDocument(deps, 'team', teamId, version)) as Record<string, unknown> & { reps: unknown[] };
  const { document: team } = await loadDocument(deps.store, 'team', teamId, version);
  const state = await deps.store.teamState(teamId);
  const at = deps.now();
  const absences = state?.absences ?? {};
  const open = state?.open ?? {};
  const pools = [...new Set(team.reps.flatMap((rep) => rep.pools))];
  const next = new Map<string, string[]>();
  for (const pool of pools) {
    const choice = pickRep({ team, pool, rotation: { current: state?.rotation[pool] ?? {} }, open, absences, at });
    if ('repId' in choice) next.set(choice.repId, [...(next.get(choice.repId) ?? []), pool]);
  }
  const standing = repsOf(team).map((rep): RepStanding => {
    const away = Object.hasOwn(absences, rep.id) ? absences[rep.id] : undefined;
    const current = away && Date.parse(away.to) > at.getTime() ? away : undefined;
    return {
      id: rep.id,
      name: rep.name,
      email: rep.email,
      pools: rep.pools,
      weight: rep.weight,
      ...(rep.maxOpen === undefined ? {} : { maxOpen: rep.maxOpen }),
      timezone: rep.timezone,
      open: open[rep.id] ?? 0,
      ...(current ? { away: current } : {}),
      availability: availability(rep, { away: current, open: open[rep.id] ?? 0, at }),
      nextIn: next.get(rep.id) ?? [],
    };
  });
  return { ...published, standing };
};

/** Changes one rep's absence in the team's state, over the version read. */
const changeAbsence = (deps: Pick<AppDependencies, 'store'>, teamId: string, repId: string, absence: Absence | undefined): Promise<void> =>
  retryOnConflict(async () => {
    const { document: team } = await loadDocument(deps.store, 'team', teamId);
    if (!team.reps.some((rep) => rep.id === repId)) throw new NotFoundError(`team ${teamId} has no rep "${repId}"`);
    const stored = await deps.store.teamState(teamId);
    const { version, ...state }: Omit<TeamState, 'version'> & { version?: number } = stored ?? { teamId, rotation: {}, open: {}, absences: {}, moves: [] };
    if (!absence && !Object.hasOwn(state.absences, repId)) return;
    const others = Object.entries(state.absences).filter(([id]) => id !== repId);
    const absences = Object.fromEntries(absence ? [...others, [repId, absence]] : others);
    await deps.store.saveTeamState({ ...state, absences }, version);
  }).catch((error: unknown) => {
    // The team's state kept changing under us (assignments in flight): a 409 to send again, never a 500.
    if (error instanceof ConflictError) throw new StateConflictError(`team ${teamId} is busy assigning leads; send the absence again`, { cause: error });
    throw error;
  });

/** Marks a rep away from `from` to `to` without republishing the team; the rotation skips them meanwhile. */
export const markAway = (deps: Pick<AppDependencies, 'store' | 'now'>, teamId: string, repId: string, absence: Absence): Promise<void> => {
  if (Date.parse(absence.to) <= deps.now().getTime()) {
    throw new InvalidRequestError('this absence is over already', [{ path: 'to', message: 'must lie in the future' }]);
  }
  return changeAbsence(deps, teamId, repId, absence);
};

/** Clears a rep's absence: back in the rotation at once. */
export const clearAway = (deps: Pick<AppDependencies, 'store'>, teamId: string, repId: string): Promise<void> => changeAbsence(deps, teamId, repId, undefined);
