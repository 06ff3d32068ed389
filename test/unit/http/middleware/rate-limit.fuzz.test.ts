import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimit } from '../../../../functions/http/framework/middleware/rate-limit.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, outcomeOf } from './chain.js';

/** Mostly a few known clients, so their buckets run dry; now and then any text at all as an address. */
const client = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('198.51.100.7', '2001:db8::1', '', '__proto__') }, { weight: 1, arbitrary: anyText(40) });
const request = fc.record({ client, waitMs: fc.nat({ max: 5_000 }) });

describe('rateLimit under arbitrary traffic (fast-check)', () => {
  it('answers any sequence of requests by letting each through or refusing it 429 with a whole, positive Retry-After', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 120 }), fc.array(request, { maxLength: 60, size: 'max' }), async (perMinute, requests) => {
        // Prepare
        let now = 0;
        const chain = chainOf([rateLimit({ perMinute, now: () => now, maxClients: 8 })]);

        for (const { client, waitMs } of requests) {
          // Act
          now += waitMs;
          const outcome = await outcomeOf(chain.invoke(anEvent('POST', '/v1/events', { sourceIp: client })));

          // Assess
          if (outcome.refused) {
            expect(outcome.refused).toMatchObject({ status: 429, code: 'rate_limited' });
            expect(outcome.refused.headers['retry-after']).toMatch(/^[1-9]\d*$/);
          }
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never lets one client through more often than its allowance and what a minute refills over the time spent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 60 }), async (perMinute, waits) => {
        // Prepare
        let now = 0;
        const chain = chainOf([rateLimit({ perMinute, now: () => now })]);
        let passed = 0;

        // Act
        for (const waitMs of waits) {
          now += waitMs;
          if ((await outcomeOf(chain.invoke(anEvent('POST', '/v1/events', { sourceIp: '198.51.100.7' })))).passed) passed += 1;
        }

        // Assess
        expect(passed).toBeLessThanOrEqual(Math.floor(perMinute + ((now - (waits[0] ?? 0)) * perMinute) / 60_000));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
