import { adminCall, RefusedError } from './admin-api.js';
import type { PlaybookView, TeamView } from './types.js';

/** The playbooks and teams the page reads, each once until a change asks for it again. */
export interface SalesTeams {
  /** A playbook, or undefined when none is published under `id`. */
  playbook: (id: string) => Promise<PlaybookView | undefined>;
  /** A team with each rep's standing now, or undefined when none is published under `id`. */
  team: (id: string) => Promise<TeamView | undefined>;
  /** Reads a team again: an absence or a decision changed its standing. */
  reload: (id: string) => Promise<TeamView | undefined>;
  /** Who acted or has a lead, as a person reads it: a rep's name from a team read so far, `Admin`, `Winnow`. */
  nameOf: (actor: string) => string;
}

const ACTORS: Record<string, string> = { admin: 'Admin', system: 'Winnow' };

const unlessMissing = <T>(read: Promise<T>): Promise<T | undefined> =>
  read.catch((error: unknown) => {
    if (error instanceof RefusedError && error.status === 404) return undefined;
    throw error;
  });

export const salesTeams = (): SalesTeams => {
  const playbooks = new Map<string, Promise<PlaybookView | undefined>>();
  const teams = new Map<string, Promise<TeamView | undefined>>();
  const names = new Map<string, string>();
  const read = (id: string) => {
    const team = unlessMissing(adminCall<TeamView>(`/v1/admin/teams/${encodeURIComponent(id)}`)).then((found) => {
      for (const rep of found?.standing ?? []) names.set(rep.id, rep.name);
      return found;
    });
    // A failed read is not kept: the next view asks again.
    team.catch(() => teams.delete(id));
    teams.set(id, team);
    return team;
  };
  return {
    playbook: (id) => {
      const known = playbooks.get(id) ?? unlessMissing(adminCall<PlaybookView>(`/v1/admin/playbooks/${encodeURIComponent(id)}`));
      known.catch(() => playbooks.delete(id));
      playbooks.set(id, known);
      return known;
    },
    team: (id) => teams.get(id) ?? read(id),
    reload: read,
    nameOf: (actor) => names.get(actor) ?? ACTORS[actor] ?? actor,
  };
};
