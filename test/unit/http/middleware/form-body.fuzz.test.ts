import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formBody } from '../../../../functions/http/framework/middleware/form-body.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, outcomeOf } from './chain.js';

const FORM = 'application/x-www-form-urlencoded';
const contentType = fc.oneof(fc.constant(FORM), fc.constant(`${FORM}; charset=UTF-8`), fc.constantFrom('application/json', 'text/plain', ''), anyText(40));

describe('formBody under arbitrary input (fast-check)', () => {
  it('answers any body and content-type by parsing it into strings or refusing it 415, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(anyText(), { nil: undefined }), contentType, fc.boolean(), async (body, type, isBase64Encoded) => {
        // Prepare
        const chain = chainOf([formBody()]);

        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent('POST', '/v1/feedback/lead_1', { body, headers: { 'content-type': type }, isBase64Encoded })));

        // Assess
        if (outcome.refused) expect(outcome.refused.status).toBe(415);
        else expect(Object.values(chain.reached[0]?.body as object).every((value) => typeof value === 'string')).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('hands the handler exactly the fields a browser encoded', async () => {
    const fields = fc.dictionary(anyText(20), anyText(60), { maxKeys: 8 });
    await fc.assert(
      fc.asyncProperty(fields, async (sent) => {
        // Prepare
        const chain = chainOf([formBody()]);
        // Sent as UTF-8, a lone surrogate arrives as U+FFFD.
        const asUtf8 = (text: string): string => Buffer.from(text).toString();
        const received = Object.fromEntries(Object.entries(sent).map(([name, value]) => [asUtf8(name), asUtf8(value)]));

        // Act
        await chain.invoke(anEvent('POST', '/v1/feedback/lead_1', { body: new URLSearchParams(sent).toString(), headers: { 'content-type': FORM } }));

        // Assess
        expect(chain.reached[0]?.body).toEqual(received);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
