import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { MAX_TEAM_MOVES, freePlace, takeTurn } from '../../../functions/app/assign.js';
import { ConflictError } from '../../../functions/app/ports/errors.js';
import { NOW } from '../../helpers/factories.js';
import { aTeamOf } from '../core/team-factories.js';

const ALL_WEEK = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
const team = aTeamOf(
  [
    { id: 'ana', name: 'Ana', email: 'ana@example.com', pools: ['mid'], weight: 2 },
    { id: 'ben', name: 'Ben', email: 'ben@example.com', pools: ['mid'] },
  ],
  { workingHours: ALL_WEEK },
);

describe('a team’s moves (takeTurn, freePlace) on a store', () => {
  it('answers a replayed turn as it was taken, taking one place and one turn', async () => {
    // Prepare
    const store = createMemoryStore();

    // Act
    const first = await takeTurn(store, team, 'mid', 'assign:lead_1:1:0', NOW, []);
    const replayed = await takeTurn(store, team, 'mid', 'assign:lead_1:1:0', NOW, []);
    const next = await takeTurn(store, team, 'mid', 'assign:lead_2:1:0', NOW, []);

    // Assess
    expect(replayed).toEqual(first);
    expect([first.repId, next.repId]).toEqual(['ana', 'ben']);
    expect((await store.teamState('sales'))?.open).toEqual({ ana: 1, ben: 1 });
  });

  it('frees a place once however often the release is replayed, never below zero', async () => {
    // Prepare
    const store = createMemoryStore();
    await takeTurn(store, team, 'mid', 'assign:lead_1:1:0', NOW, []);

    // Act
    await freePlace(store, 'sales', 'ana', 'release:lead_1:1:0');
    await freePlace(store, 'sales', 'ana', 'release:lead_1:1:0');
    await freePlace(store, 'sales', 'ben', 'release:lead_9:1:0');

    // Assess
    expect((await store.teamState('sales'))?.open).toEqual({ ana: 0, ben: 0 });
  });

  it('takes thirty turns at once in this container without a lost or doubled one, by weight', async () => {
    // Prepare
    const store = createMemoryStore();

    // Act
    const moves = await Promise.all(Array.from({ length: 30 }, (_, i) => takeTurn(store, team, 'mid', `assign:lead_${i}:1:0`, NOW, [])));

    // Assess
    const counts = { ana: 0, ben: 0 };
    for (const move of moves) counts[move.repId as 'ana' | 'ben'] += 1;
    expect(counts).toEqual({ ana: 20, ben: 10 });
    expect((await store.teamState('sales'))?.open).toEqual({ ana: 20, ben: 10 });
  });

  it('reads again when another container moved the team in between, keeping both moves', async () => {
    // Prepare: a store whose first save loses to another container's move.
    const store = createMemoryStore();
    let raced = false;
    const racing = {
      teamState: (teamId: string) => store.teamState(teamId),
      saveTeamState: async (...args: Parameters<typeof store.saveTeamState>) => {
        if (!raced) {
          raced = true;
          // Another container's turn, written straight to the store: it went to ana.
          await store.saveTeamState({ teamId: 'sales', rotation: { mid: { ana: -1, ben: 1 } }, open: { ana: 1 }, absences: {}, moves: [{ key: 'assign:other:1:0', repId: 'ana' }] }, undefined);
          throw new ConflictError('another container moved the team');
        }
        return store.saveTeamState(...args);
      },
    };

    // Act
    const move = await takeTurn(racing, team, 'mid', 'assign:lead_1:1:0', NOW, []);

    // Assess
    const state = await store.teamState('sales');
    expect(state?.moves.map(({ key }) => key)).toEqual(['assign:other:1:0', 'assign:lead_1:1:0']);
    expect(move.repId).toBe('ben');
    expect(state?.open).toEqual({ ana: 1, ben: 1 });
  });

  it('remembers only the latest moves, so the state stays small', async () => {
    // Prepare
    const store = createMemoryStore();

    // Act
    for (let i = 0; i < MAX_TEAM_MOVES + 5; i += 1) await freePlace(store, 'sales', 'ana', `release:lead_${i}:1:0`);

    // Assess
    const moves = (await store.teamState('sales'))?.moves ?? [];
    expect(moves).toHaveLength(MAX_TEAM_MOVES);
    expect(moves[0]?.key).toBe('release:lead_5:1:0');
  });
});

describe('marking a rep away (markAway)', () => {
  it('answers a state conflict, never a bare store error, when the team’s state keeps changing under it', async () => {
    // Prepare: the team published, and a store whose every state write loses its race.
    const { markAway } = await import('../../../functions/app/teams.js');
    const { StateConflictError } = await import('../../../functions/app/errors.js');
    const store = createMemoryStore();
    await store.publishDocument({ kind: 'team', id: 'sales', version: 1, document: team, publishedAt: NOW.toISOString() });
    store.saveTeamState = async () => {
      throw new ConflictError('another container moved the team');
    };
    const absence = { from: NOW.toISOString(), to: new Date(NOW.getTime() + 86_400_000).toISOString() };

    // Act
    const marking = markAway({ store, now: () => NOW }, 'sales', 'ana', absence);

    // Assess
    await expect(marking).rejects.toBeInstanceOf(StateConflictError);
  });
});
