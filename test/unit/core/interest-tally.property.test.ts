import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceTally, foldEvent, tallyEvents, tallyTotals, type InterestTally } from '../../../functions/core/interest-tally.js';
import type { LeadEvent } from '../../../functions/core/lead.js';

const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00.000Z');

const anInterest = fc.record({
  events: fc.record({ page_view: fc.integer({ min: 1, max: 10 }), webinar: fc.integer({ min: 1, max: 40 }), pricing_view: fc.double({ min: 0.5, max: 20, noNaN: true }) }),
  halfLifeDays: fc.double({ min: 0.5, max: 120, noNaN: true }),
});

const anEvent = fc.record({
  type: fc.constantFrom('page_view', 'webinar', 'pricing_view', 'not_weighed'),
  at: fc.integer({ min: T0 - 400 * DAY_MS, max: T0 + 10 * DAY_MS }).map((ms) => new Date(ms).toISOString()),
});

/** A history in the order its jobs arrive, cut into the batches each scoring folds, with the instant of each scoring (never earlier than the one before). */
const aHistory = fc
  .array(fc.record({ events: fc.array(anEvent, { maxLength: 30 }), laterBy: fc.integer({ min: 0, max: 60 * DAY_MS }) }), { minLength: 1, maxLength: 12 })
  .map((batches) => {
    let at = T0;
    return batches.map(({ events, laterBy }) => ({ events, now: new Date((at += laterBy)) }));
  });

const closeTo = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

describe('an interest tally kept scoring by scoring', () => {
  it('agrees with a full recompute of the whole history, within 1e-9, whatever the order and timing of its scorings', () => {
    fc.assert(
      fc.property(anInterest, aHistory, (interest, batches) => {
        const playbook = { interest: { ...interest, publicEvents: [], caps: {}, bands: {} } };
        // Incremental: each scoring moves the tally to its instant, then folds the events that arrived since.
        let tally: InterestTally | undefined = tallyEvents(playbook, [], new Date(T0));
        for (const { events, now } of batches) {
          tally = advanceTally(playbook, tally ?? tallyEvents(playbook, [], now), now);
          for (const event of events) tally = foldEvent(playbook, tally as InterestTally, event);
        }
        const last = batches.at(-1)?.now ?? new Date(T0);
        const all: LeadEvent[] = batches.flatMap(({ events }) => events);
        const incremental = tallyTotals(playbook, tally as InterestTally);
        const full = tallyTotals(playbook, tallyEvents(playbook, all, last));

        expect([...incremental.keys()].sort()).toEqual([...full.keys()].sort());
        for (const [type, total] of full) {
          const kept = incremental.get(type);
          expect(kept?.count).toBe(total.count);
          expect(closeTo(kept?.points ?? Number.NaN, total.points), `${type}: ${kept?.points} vs ${total.points}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to move backwards in time, so the caller recomputes', () => {
    const playbook = { interest: { events: { page_view: 1 }, halfLifeDays: 30 } };
    const tally = tallyEvents(playbook, [{ type: 'page_view', at: new Date(T0).toISOString() }], new Date(T0 + DAY_MS));
    expect(advanceTally(playbook, tally, new Date(T0))).toBeUndefined();
    expect(advanceTally(playbook, tally, new Date(T0 + 30 * DAY_MS))?.types.page_view?.points).toBeCloseTo(0.5, 12);
  });

  it('counts an event dated ahead of the tally at full weight until the tally passes its date, then decays it from there', () => {
    const playbook = { interest: { events: { webinar: 8 }, halfLifeDays: 10 } };
    const tally = foldEvent(playbook, tallyEvents(playbook, [], new Date(T0)), { type: 'webinar', at: new Date(T0 + 5 * DAY_MS).toISOString() });
    expect(tallyTotals(playbook, tally).get('webinar')).toEqual({ count: 1, points: 8 });
    expect(advanceTally(playbook, tally, new Date(T0 + 15 * DAY_MS))?.types.webinar?.points).toBeCloseTo(4, 12);
  });
});
