import * as z from '../../core/zod.js';
import { InvalidCursorError } from '../../app/ports/errors.js';
import type { OutcomeStore, StoredOutcome } from '../../app/ports/outcomes.js';
import { byteOrder, copy, type MemoryTable } from './table.js';

const cycleKey = (cycle: number): string => String(cycle).padStart(6, '0');

/** The record's place in the list, as the DynamoDB store sorts it: qualification time, lead, cycle. */
const placeOf = ({ qualifiedAt, leadId, cycle }: StoredOutcome): string => `${qualifiedAt}#${leadId}#${cycleKey(cycle)}`;

const Cursor = z.strictObject({ after: z.string().check(z.minLength(1)) });

const decode = (cursor: string | undefined): string | undefined => {
  if (!cursor) return undefined;
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString())).after;
  } catch (error) {
    throw new InvalidCursorError('is not a cursor this list handed out', { cause: error });
  }
};

export const memoryOutcomeStore = (table: MemoryTable): OutcomeStore => ({
  async saveOutcome(record) {
    const partition = table.partition(record.leadId);
    // As DynamoDB would, it writes beside a tombstone: the erase's own sweep is what clears it.
    const stored = partition.outcomes.get(cycleKey(record.cycle));
    if (stored && stored.revision >= record.revision) return false;
    partition.outcomes.set(cycleKey(record.cycle), copy(record));
    return true;
  },

  async getOutcome(leadId, cycle) {
    return copy(table.partitions.get(leadId)?.outcomes.get(cycleKey(cycle)));
  },

  async outcomes(period, limit, cursor) {
    const after = decode(cursor);
    const to = `${period.to}~`;
    const listed = [...table.partitions.values()]
      .flatMap(({ outcomes }) => [...outcomes.values()])
      .map((record) => ({ record, place: placeOf(record) }))
      .filter(({ place }) => byteOrder(place, period.from) >= 0 && byteOrder(place, to) <= 0 && (after === undefined || byteOrder(place, after) > 0))
      .sort((a, b) => byteOrder(a.place, b.place));
    const page = listed.slice(0, limit);
    const last = page.at(-1);
    return {
      outcomes: copy(page.map(({ record }) => record)),
      ...(listed.length > limit && last ? { cursor: Buffer.from(JSON.stringify({ after: last.place })).toString('base64url') } : {}),
    };
  },
});
