import { ConflictError } from '../../app/ports/errors.js';
import { teamState, type TeamState, type TeamStore } from '../../app/ports/store.js';
import * as z from '../../core/zod.js';
import { once } from '../../core/once.js';
import { JSON_TEXT, asJsonText, fromJsonText, type TableItems } from './items.js';
import { keys } from './keys.js';

/**
 * A team's state as the table keeps it: what every move rewrites as JSON text (`JSON_TEXT`),
 * up to 200 moves in one string rather than 600 typed values to write and check on each pick.
 */
const teamStateItem = /* @__PURE__ */ once(() => {
  const { rotation, open, absences, moves } = teamState().shape;
  return z.extend(teamState(), { rotation: fromJsonText(rotation), open: fromJsonText(open), absences: fromJsonText(absences), moves: fromJsonText(moves) });
});

/** A team's assignment state: one item, written over the version read. */
export class DynamoDbTeamStore implements TeamStore {
  constructor(private readonly items: TableItems) {}

  teamState(teamId: string): Promise<TeamState | undefined> {
    return this.items.get(teamStateItem(), keys.teamState(teamId));
  }

  async saveTeamState(state: Omit<TeamState, 'version'>, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    const fields: Record<string, unknown> = { ...asJsonText(state, JSON_TEXT.teamState), version };
    const names = Object.fromEntries(Object.keys(fields).map((name, i) => [`#f${i}`, name]));
    const values = Object.fromEntries(Object.values(fields).map((value, i) => [`:f${i}`, value]));
    // An update, as every function that moves a team may already make one: no PutItem to grant.
    const saved = await this.items.update({
      Key: keys.teamState(state.teamId),
      UpdateExpression: `SET ${Object.keys(names).map((name, i) => `${name} = :f${i}`).join(', ')}`,
      ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : '#version = :expected',
      ExpressionAttributeNames: { ...names, ...(expectedVersion === undefined ? {} : { '#version': 'version' }) },
      ExpressionAttributeValues: { ...values, ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }) },
    });
    if (!saved) throw new ConflictError(`team ${state.teamId}'s assignment state changed since version ${expectedVersion ?? 'none'}`);
    return version;
  }
}
