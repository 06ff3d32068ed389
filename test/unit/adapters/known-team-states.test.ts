import { describe, expect, it } from 'vitest';
import { withKnownTeamStates } from '../../../functions/adapters/known-team-states.js';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { takeTurn } from '../../../functions/app/assign.js';
import { NOW } from '../../helpers/factories.js';
import { recordingStore } from '../../helpers/http.js';
import { aTeamOf } from '../core/team-factories.js';

const ALL_WEEK = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
const team = aTeamOf(
  [
    { id: 'ana', name: 'Ana', email: 'ana@example.com', pools: ['mid'] },
    { id: 'ben', name: 'Ben', email: 'ben@example.com', pools: ['mid'] },
  ],
  { workingHours: ALL_WEEK },
);
const readsOf = (calls: { method: string }[]) => calls.filter(({ method }) => method === 'teamState').length;

describe('withKnownTeamStates', () => {
  it('reads a team’s state once for a container’s moves in a row, starting each from the state its last one wrote', async () => {
    // Prepare
    const store = createMemoryStore();
    const recorded = recordingStore(store);
    const container = withKnownTeamStates(recorded.store);

    // Act
    const moves = [];
    for (let i = 0; i < 4; i += 1) moves.push(await takeTurn(container, team, 'mid', `assign:lead_${i}:1:0`, NOW, []));

    // Assess
    expect(moves.map((move) => move.repId)).toEqual(['ana', 'ben', 'ana', 'ben']);
    expect(readsOf(recorded.calls)).toBe(1);
    expect((await store.teamState('sales'))?.open).toEqual({ ana: 2, ben: 2 });
  });

  it('reads again when another container moved the team since: its stale copy costs a retry, never a rep’s turn twice', async () => {
    // Prepare: two containers, each having moved the team once.
    const store = createMemoryStore();
    const recorded = recordingStore(store);
    const first = withKnownTeamStates(recorded.store);
    const second = withKnownTeamStates(store);
    await takeTurn(first, team, 'mid', 'assign:lead_1:1:0', NOW, []);
    await takeTurn(second, team, 'mid', 'assign:lead_2:1:0', NOW, []);
    const readsBefore = readsOf(recorded.calls);

    // Act: the first container's copy is a move behind.
    const third = await takeTurn(first, team, 'mid', 'assign:lead_3:1:0', NOW, []);
    const replayed = await takeTurn(first, team, 'mid', 'assign:lead_2:1:0', NOW, []);

    // Assess: the third lead goes to whoever's turn it truly is, and the second container's move is found, not taken
    // again; one read, the retry's, since the replay finds that move in the state the retry wrote.
    expect(third.repId).toBe('ana');
    expect(replayed.repId).toBe('ben');
    expect(readsOf(recorded.calls) - readsBefore).toBe(1);
    expect((await store.teamState('sales'))?.open).toEqual({ ana: 2, ben: 1 });
  });
});
