import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { json, JSON_HEADERS } from '../../../../functions/http/framework/middleware/http-types.js';
import { anyText, FUZZ_RUNS } from './chain.js';

const headerName = fc.stringMatching(/^[a-z][a-z-]{0,20}$/).filter((name) => !(name in JSON_HEADERS));

describe('json under arbitrary bodies (fast-check)', () => {
  it('answers any JSON value and headers with a body that parses back to the value, its status and nosniff', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.jsonValue(), fc.dictionary(headerName, anyText(40), { maxKeys: 4 }), (status, body, headers) => {
        // Act
        const result = json(status, body, headers);

        // Assess
        expect(result.statusCode).toBe(status);
        expect(JSON.parse(result.body ?? '')).toEqual(JSON.parse(JSON.stringify(body)));
        expect(result.headers).toEqual({ ...headers, ...JSON_HEADERS });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
