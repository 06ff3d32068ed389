import { ConflictError } from '../../app/ports/errors.js';
import { teamState, type TeamState, type TeamStore } from '../../app/ports/store.js';
import type { TableItems } from './items.js';
import { keys } from './keys.js';

/** A team's assignment state: one item, written over the version read. */
export class DynamoDbTeamStore implements TeamStore {
  constructor(private readonly items: TableItems) {}

  teamState(teamId: string): Promise<TeamState | undefined> {
    return this.items.get(teamState(), keys.teamState(teamId));
  }

  async saveTeamState(state: Omit<TeamState, 'version'>, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    const fields: Record<string, unknown> = { ...state, version };
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
