import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminAuth } from '../../../../functions/http/framework/middleware/admin-auth.js';
import { ADMIN_TOKEN } from '../../../helpers/http.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, outcomeOf } from './chain.js';

const chain = chainOf([adminAuth(async () => ADMIN_TOKEN)]);
const headerValue = anyText();
const authorization = fc.oneof(headerValue, headerValue.map((token) => `Bearer ${token}`), fc.constantFrom(`Bearer ${ADMIN_TOKEN}`, 'Bearer', 'Bearer ', `Basic ${ADMIN_TOKEN}`));

describe('adminAuth under arbitrary input (fast-check)', () => {
  it('answers any Authorization header by letting it through or refusing it 401, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(authorization, { nil: undefined }), async (sent) => {
        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent('GET', '/v1/admin/leads', { headers: { authorization: sent } })));

        // Assess
        if (outcome.refused) expect(outcome.refused).toMatchObject({ status: 401, code: 'unauthorized' });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('lets a request through exactly when its bearer token, trimmed, is the admin token', async () => {
    const bearer = fc.tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER'), fc.constantFrom(' ', '  ', '\t'), fc.oneof(fc.constant(ADMIN_TOKEN), headerValue), fc.constantFrom('', ' '));
    await fc.assert(
      fc.asyncProperty(bearer, async ([scheme, gap, token, tail]) => {
        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent('GET', '/v1/admin/leads', { headers: { authorization: `${scheme}${gap}${token}${tail}` } })));

        // Assess
        expect(outcome.passed !== undefined).toBe(token.trim() === ADMIN_TOKEN);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('refuses every token when the configured one is arbitrary and not the one sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(headerValue, { nil: undefined }), headerValue, async (configured, sent) => {
        // Prepare
        fc.pre(configured?.trim() !== sent.trim() || !configured);
        const guarded = chainOf([adminAuth(async () => configured)]);

        // Act
        const outcome = await outcomeOf(guarded.invoke(anEvent('GET', '/v1/admin/leads', { headers: { authorization: `Bearer ${sent}` } })));

        // Assess
        expect(outcome.refused?.status).toBe(401);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
