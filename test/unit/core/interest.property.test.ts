import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreInterest } from '../../../functions/core/interest.js';
import type { LeadEvent } from '../../../functions/core/lead.js';
import { NOW, aPlaybook, aSpecPlaybook, daysAgo } from '../../helpers/factories.js';

const DAY_MS = 86_400_000;
const TYPES = Object.keys(aSpecPlaybook().interest.events);

/** Events of the playbook's types (and one it does not weigh), up to a year old or a few days ahead. */
const events = (maxDaysAhead: number): fc.Arbitrary<LeadEvent[]> =>
  fc.array(
    fc.record({
      type: fc.constantFrom(...TYPES, 'video_play'),
      at: fc.double({ min: -maxDaysAhead, max: 365, noNaN: true }).map((days) => daysAgo(days).toISOString()),
    }),
    { maxLength: 40 },
  );

const halfLifeDays = fc.double({ min: 1, max: 120, noNaN: true });

describe('scoreInterest (properties)', () => {
  it('never rises as now moves later', () => {
    fc.assert(
      fc.property(events(10), halfLifeDays, fc.double({ min: 0, max: 400, noNaN: true }), (history, halfLife, days) => {
        // Prepare
        const playbook = aPlaybook({ interest: { halfLifeDays: halfLife } });
        const later = new Date(NOW.getTime() + days * DAY_MS);

        // Act
        const before = scoreInterest(playbook, history, NOW);
        const after = scoreInterest(playbook, history, later);

        // Assess
        expect(after.score).toBeLessThanOrEqual(before.score);
        for (const reason of after.breakdown) {
          expect(reason.points).toBeLessThanOrEqual(before.breakdown.find((r) => r.type === reason.type)?.points ?? Number.NaN);
        }
      }),
    );
  });

  it('halves, within 0.01 per event type, at each half-life when nothing is capped', () => {
    fc.assert(
      fc.property(events(0), halfLifeDays, fc.integer({ min: 1, max: 4 }), (history, halfLife, halvings) => {
        // Prepare
        const playbook = aPlaybook({ interest: { halfLifeDays: halfLife, publicEvents: [], caps: {} } });
        const later = new Date(NOW.getTime() + halvings * halfLife * DAY_MS);

        // Act
        const now = scoreInterest(playbook, history, NOW);
        const then = scoreInterest(playbook, history, later);

        // Assess
        const factor = 0.5 ** halvings;
        for (const reason of then.breakdown) {
          const earlier = now.breakdown.find((r) => r.type === reason.type)?.points ?? Number.NaN;
          expect(Math.abs(reason.points - earlier * factor)).toBeLessThanOrEqual(0.01);
        }
        expect(Math.abs(then.score - now.score * factor)).toBeLessThanOrEqual(0.01 * Math.max(1, now.breakdown.length));
      }),
    );
  });

  it('keeps every capped type at or under its cap, and the score equal to the sum of the breakdown', () => {
    fc.assert(
      fc.property(events(10), (history) => {
        // Prepare
        const playbook = aSpecPlaybook();

        // Act
        const interest = scoreInterest(playbook, history, NOW);

        // Assess
        for (const reason of interest.breakdown) {
          const cap = playbook.interest.caps[reason.type];
          if (cap !== undefined) expect(reason.points).toBeLessThanOrEqual(cap);
          if (reason.capped) expect(reason.points).toBe(cap);
        }
        const sum = interest.breakdown.reduce((total, reason) => total + reason.points, 0);
        expect(interest.score).toBeCloseTo(sum, 9);
        expect(interest.breakdown.reduce((total, reason) => total + reason.count, 0)).toBe(history.filter((e) => e.type in playbook.interest.events).length);
      }),
    );
  });
});
