import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyLimit } from '../../../../functions/http/framework/middleware/body-limit.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, outcomeOf } from './chain.js';

/** Small, and bodies of every length up to twice it (`size: 'max'`), so the generated bodies land on it and cross it often. */
const LIMIT = 16;
const chain = chainOf([bodyLimit(LIMIT)]);
const utf8Bytes = (text: string): number => new TextEncoder().encode(text).byteLength;

describe('bodyLimit under arbitrary input (fast-check)', () => {
  it('lets any text body through exactly when its UTF-8 form fits, and refuses it 413 otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(anyText(2 * LIMIT, 'max'), async (body) => {
        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent('POST', '/v1/events', { body })));

        // Assess
        if (utf8Bytes(body) <= LIMIT) expect(outcome.passed).toBeDefined();
        else expect(outcome.refused).toMatchObject({ status: 413, code: 'payload_too_large' });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('lets any base64-encoded body through exactly when the bytes it carries fit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2 * LIMIT, size: 'max' }), async (bytes) => {
        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent('POST', '/v1/events', { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true })));

        // Assess
        expect(outcome.passed !== undefined).toBe(bytes.byteLength <= LIMIT);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws on a base64 flag over text that is not base64, nor on a body already parsed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText(2 * LIMIT), fc.jsonValue()), fc.boolean(), async (body, isBase64Encoded) => {
        // Prepare
        const event = { ...anEvent('POST', '/v1/events', { isBase64Encoded }), body };

        // Act
        const outcome = await outcomeOf(chain.invoke(event));

        // Assess
        if (outcome.refused) expect(outcome.refused.status).toBe(413);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
