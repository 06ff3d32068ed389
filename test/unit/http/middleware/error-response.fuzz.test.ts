import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../../functions/http/framework/errors.js';
import { errorResponse } from '../../../../functions/http/framework/middleware/error-response.js';
import { JSON_HEADERS } from '../../../../functions/http/framework/middleware/http-types.js';
import { SpecError } from '../../../helpers/http.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, logged } from './chain.js';

const answerTo = (error: unknown) =>
  chainOf([errorResponse()], async () => {
    throw error;
  }).invoke(anEvent('POST', '/v1/events'));

const issue = fc.record({ path: anyText(40), message: anyText(80).filter((text) => text.length > 0) });
/** Header names our errors could carry: never the JSON headers themselves. */
const headerName = fc.stringMatching(/^[a-z][a-z-]{0,20}$/).filter((name) => !(name in JSON_HEADERS));
const aCallersError = fc
  .record({
    status: fc.integer({ min: 400, max: 499 }),
    code: fc.stringMatching(/^[a-z_]{1,30}$/),
    message: anyText(120).filter((text) => text.length > 0),
    issues: fc.option(fc.array(issue, { maxLength: 4 }), { nil: undefined }),
    headers: fc.dictionary(headerName, anyText(40), { maxKeys: 3 }),
  })
  .map(({ status, code, message, issues, headers }) => new HttpError(status, code, message, issues, headers));

describe('errorResponse under arbitrary errors (fast-check)', () => {
  it('answers anything thrown that is not a caller’s error 500 in the SPEC’s shape, naming nothing of it, and logs it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (thrown) => {
        // Act
        const { result: response, lines } = await logged(() => answerTo(thrown));

        // Assess
        expect(response.statusCode).toBe(500);
        expect(response.headers).toEqual(JSON_HEADERS);
        expect(SpecError.parse(JSON.parse(response.body ?? '')).error).toEqual({ code: 'internal', message: 'something went wrong on our side; try again' });
        expect(lines.map((line) => line.message)).toEqual(['request failed']);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('answers any caller’s error with its own status, code, message, issues and headers, as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(aCallersError, async (error) => {
        // Act
        const response = await answerTo(error);

        // Assess
        expect(response.statusCode).toBe(error.status);
        expect(response.headers).toEqual({ ...error.headers, ...JSON_HEADERS });
        expect(SpecError.parse(JSON.parse(response.body ?? '')).error).toEqual({ code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('answers any of middy’s errors below 500 with its status, and any above 500, its message unsaid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 400, max: 599 }), anyText(80).filter((text) => text.length > 0), async (statusCode, message) => {
        // Act
        const response = await answerTo(Object.assign(new Error(message), { statusCode }));

        // Assess
        const error = SpecError.parse(JSON.parse(response.body ?? '')).error;
        expect(response.statusCode).toBe(statusCode < 500 ? statusCode : 500);
        if (statusCode >= 500) expect(error.code).toBe('internal');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
