import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availability, newRotation, pickRep, type Rotation } from '../../../functions/core/assignment.js';
import { repsOf, type Absence, type ResolvedRep } from '../../../functions/core/team.js';
import { aRepInput, aTeamOf, anAbsence } from './team-factories.js';

const HOUR_MS = 3_600_000;
/** Monday 2026-06-01 00:00 in Berlin, the SPEC team's zone. */
const MONDAY = Date.parse('2026-06-01T00:00:00+02:00');
/** Wednesday 10:00 in Berlin: inside the SPEC team's hours. */
const WEDNESDAY_10 = new Date('2026-06-03T10:00:00+02:00');
const MQLS = 10_000;

/** A pool of 2 to 6 reps: weight 1–10, some away, some at their maxOpen. */
const aPool = fc.array(
  fc.record({
    weight: fc.integer({ min: 1, max: 10 }),
    away: fc.boolean(),
    full: fc.boolean(),
  }),
  { minLength: 2, maxLength: 6 },
);

describe('pickRep over many leads', () => {
  it(`gives each available rep its weight's share of ${MQLS.toLocaleString('en')} MQLs, within 2 %, and nobody away or full any`, () => {
    fc.assert(
      fc.property(aPool, (pool) => {
        // Prepare
        const team = aTeamOf(pool.map(({ weight }, i) => aRepInput({ id: `rep_${i}`, weight, maxOpen: 5 })));
        const absences: Record<string, Absence> = {};
        const open: Record<string, number> = {};
        pool.forEach(({ away, full }, i) => {
          if (away) absences[`rep_${i}`] = anAbsence('2026-06-01T00:00:00Z', '2026-06-30T00:00:00Z');
          open[`rep_${i}`] = full ? 5 : 4;
        });
        const available = new Set(pool.flatMap(({ away, full }, i) => (away || full ? [] : [`rep_${i}`])));
        const totalWeight = pool.reduce((sum, { weight }, i) => sum + (available.has(`rep_${i}`) ? weight : 0), 0);

        // Act
        const picks = new Map<string, number>();
        let rotation: Rotation = newRotation();
        for (let lead = 0; lead < MQLS; lead += 1) {
          const choice = pickRep({ team, pool: 'emea', rotation, open, absences, at: WEDNESDAY_10 });
          rotation = choice.rotation;
          if ('repId' in choice) picks.set(choice.repId, (picks.get(choice.repId) ?? 0) + 1);
        }

        // Assess
        for (const repId of picks.keys()) expect(available.has(repId), `${repId} is away or full`).toBe(true);
        if (available.size === 0) expect(picks.size).toBe(0);
        pool.forEach(({ weight }, i) => {
          if (!available.has(`rep_${i}`)) return;
          const share = (picks.get(`rep_${i}`) ?? 0) / MQLS;
          expect(Math.abs(share - weight / totalWeight), `rep_${i}: ${share} vs ${weight}/${totalWeight}`).toBeLessThanOrEqual(0.02);
        });
      }),
      // Each run is 10,000 picks, each reading a time zone a few times: a handful of pools keeps this under seconds.
      { numRuns: 6 },
    );
  });

  /** Leads arriving over two weeks, some reps away for a while, leads closed now and then. */
  const aWeek = fc.record({
    reps: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 5 }),
        maxOpen: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        awayFromHour: fc.integer({ min: 0, max: 14 * 24 }),
        awayHours: fc.integer({ min: 0, max: 72 }),
        ownHours: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    leads: fc.array(fc.record({ laterByMinutes: fc.integer({ min: 0, max: 600 }), closes: fc.option(fc.nat(), { nil: undefined }) }), { minLength: 1, maxLength: 60 }),
  });

  it('never assigns a rep who is away or full, prefers reps at work, and starts the SLA at a working minute', () => {
    fc.assert(
      fc.property(aWeek, ({ reps, leads }) => {
        // Prepare
        const team = aTeamOf(
          reps.map(({ weight, maxOpen, ownHours }, i) =>
            aRepInput({ id: `rep_${i}`, weight, maxOpen, ...(ownHours ? { timezone: 'America/New_York', workingHours: { mon: '08:00-12:00', sat: '10:00-14:00' } } : {}) }),
          ),
        );
        const absences: Record<string, Absence> = Object.fromEntries(
          reps.map(({ awayFromHour, awayHours }, i) => [
            `rep_${i}`,
            anAbsence(new Date(MONDAY + awayFromHour * HOUR_MS).toISOString(), new Date(MONDAY + (awayFromHour + awayHours + 1) * HOUR_MS).toISOString()),
          ]),
        );
        const open: Record<string, number> = {};
        const assigned: string[] = [];
        let rotation = newRotation();
        let now = MONDAY;

        for (const { laterByMinutes, closes } of leads) {
          now += laterByMinutes * 60_000;
          const at = new Date(now);
          if (closes !== undefined && assigned.length > 0) {
            const repId = assigned.splice(closes % assigned.length, 1)[0] as string;
            open[repId] = (open[repId] ?? 1) - 1;
          }
          const statuses = repsOf(team).map((rep) => availability(rep, { away: absences[rep.id], open: open[rep.id] ?? 0, at }));

          // Act
          const choice = pickRep({ team, pool: 'emea', rotation, open, absences, at });

          // Assess
          rotation = choice.rotation;
          if (!('repId' in choice)) {
            expect(statuses.every((status) => status === 'away' || status === 'full')).toBe(true);
            continue;
          }
          const index = repsOf(team).findIndex((rep) => rep.id === choice.repId);
          const rep = repsOf(team)[index] as ResolvedRep;
          expect(statuses[index]).toBe(choice.reason);
          expect(choice.reason === 'available' || !statuses.includes('available')).toBe(true);
          expect(choice.slaStartsAt.getTime()).toBeGreaterThanOrEqual(now);
          expect(availability(rep, { open: 0, at: choice.slaStartsAt })).toBe('available');
          if (choice.reason === 'available') expect(choice.slaStartsAt).toEqual(at);
          open[choice.repId] = (open[choice.repId] ?? 0) + 1;
          assigned.push(choice.repId);
        }
      }),
      { numRuns: 200 },
    );
  });
});
