import { ConflictError } from '../../app/ports/errors.js';
import type { TeamStore } from '../../app/ports/store.js';
import { copy, type MemoryTable } from './table.js';

export const memoryTeamStore = (table: MemoryTable): TeamStore => ({
  async teamState(teamId) {
    return copy(table.teams.get(teamId));
  },

  async saveTeamState(state, expectedVersion) {
    const stored = table.teams.get(state.teamId);
    if ((stored?.version ?? undefined) !== expectedVersion) {
      throw new ConflictError(`team ${state.teamId}'s assignment state changed since version ${expectedVersion ?? 'none'}`);
    }
    const version = (expectedVersion ?? 0) + 1;
    table.teams.set(state.teamId, copy({ ...state, version }));
    return version;
  },
});
