import type { Store, TeamState } from '../app/ports/store.js';

/**
 * The store, with each team's state as this container last read or wrote it: a scorer's next
 * assignment starts from it rather than reading the item again. Only for writers whose save is
 * conditional on the version read, as every team move is (`assign.ts`): a state another
 * container moved since makes that save conflict, which forgets it here, and the move's retry
 * reads the item afresh. So a stale copy costs a retry, never a wrong rep or a place counted twice.
 */
export const withKnownTeamStates = <S extends Pick<Store, 'teamState' | 'saveTeamState'>>(store: S, { maxTeams = 100 } = {}): S => {
  const known = new Map<string, TeamState>();
  const remember = (state: TeamState) => {
    known.delete(state.teamId);
    if (known.size >= maxTeams) known.delete(known.keys().next().value as string);
    known.set(state.teamId, state);
  };
  const kept: Pick<Store, 'teamState' | 'saveTeamState'> = {
    teamState: async (teamId) => {
      const held = known.get(teamId);
      if (held) return held;
      const state = await store.teamState(teamId);
      if (state) remember(state);
      return state;
    },
    saveTeamState: async (state, expectedVersion) => {
      try {
        const version = await store.saveTeamState(state, expectedVersion);
        remember({ ...state, version });
        return version;
      } catch (error) {
        // Lost a race, or met a failure that leaves the item unknown: the next read asks the store.
        known.delete(state.teamId);
        throw error;
      }
    },
  };
  return Object.assign(Object.create(store) as S, kept);
};
