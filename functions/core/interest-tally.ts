import type { LeadEvent } from './lead.js';
import type { Playbook } from './playbook.js';
import { DAY_MS } from './time.js';

/**
 * A lead's interest kept as running sums, so a new event costs the same however long the
 * lead's history: per event type, how many events and their weights decayed to `asOf`. Decay
 * is exponential, so a sum moves forward in time exactly (times 0.5^(Δt / half-life)); caps
 * are applied only when the interest is read, as they are to the whole history.
 */
export interface InterestTally {
  /** The instant every sum is decayed to (ISO 8601). */
  asOf: string;
  /** Per event type of the playbook: how many events, and their weights decayed to `asOf`, uncapped. */
  types: Record<string, { count: number; points: number }>;
  /**
   * Events dated after `asOf`. They count at full weight until `asOf` passes them, so they are
   * kept apart until then to decay exactly from their own date.
   */
  ahead: LeadEvent[];
}

/** All a tally needs of a playbook: the weights and the half-life. */
type Interest = { interest: Pick<Playbook['interest'], 'events' | 'halfLifeDays'> };


const weightOf = (playbook: Interest, type: string): number | undefined =>
  Object.hasOwn(playbook.interest.events, type) ? playbook.interest.events[type] : undefined;

/** How much a sum decays from `from` to `to` (both instants, `to` not before `from`). */
const decayFactor = (playbook: Interest, from: number, to: number): number => 0.5 ** ((to - from) / DAY_MS / playbook.interest.halfLifeDays);

/** The tally with one more event: decayed to `asOf` from its date, or kept ahead of it. Types the playbook does not weigh, and dates that do not parse, count for nothing. */
export const foldEvent = (playbook: Interest, tally: InterestTally, event: LeadEvent): InterestTally => {
  const weight = weightOf(playbook, event.type);
  const at = Date.parse(event.at);
  if (weight === undefined || Number.isNaN(at)) return tally;
  const asOf = Date.parse(tally.asOf);
  if (at > asOf) return { ...tally, ahead: [...tally.ahead, { type: event.type, at: event.at }] };
  const total = tally.types[event.type] ?? { count: 0, points: 0 };
  return { ...tally, types: { ...tally.types, [event.type]: { count: total.count + 1, points: total.points + weight * decayFactor(playbook, at, asOf) } } };
};

/** The tally of a whole history, decayed to `asOf`. */
export const tallyEvents = (playbook: Interest, events: readonly LeadEvent[], asOf: Date): InterestTally =>
  events.reduce((tally, event) => foldEvent(playbook, tally, event), { asOf: asOf.toISOString(), types: {}, ahead: [] } as InterestTally);

/**
 * The tally decayed forward to `now`, the events it has passed folded in; undefined when `now`
 * lies before `asOf` (a clock set back): a sum does not move backwards exactly, so recompute.
 */
export const advanceTally = (playbook: Interest, tally: InterestTally, now: Date): InterestTally | undefined => {
  const from = Date.parse(tally.asOf);
  const to = now.getTime();
  if (Number.isNaN(from) || to < from) return undefined;
  const factor = decayFactor(playbook, from, to);
  const types = Object.fromEntries(Object.entries(tally.types).map(([type, { count, points }]) => [type, { count, points: points * factor }]));
  const moved: InterestTally = { asOf: now.toISOString(), types, ahead: [] };
  return tally.ahead.reduce((next, event) => foldEvent(playbook, next, event), moved);
};

/** Each type's count and uncapped points at `asOf`, events still ahead of it at full weight. */
export const tallyTotals = (playbook: Interest, tally: InterestTally): Map<string, { count: number; points: number }> => {
  const totals = new Map(Object.entries(tally.types).map(([type, total]) => [type, { ...total }]));
  for (const event of tally.ahead) {
    const total = totals.get(event.type) ?? { count: 0, points: 0 };
    totals.set(event.type, { count: total.count + 1, points: total.points + (weightOf(playbook, event.type) ?? 0) });
  }
  return totals;
};
