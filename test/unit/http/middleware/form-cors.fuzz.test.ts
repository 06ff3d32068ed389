import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formCors } from '../../../../functions/http/framework/middleware/form-cors.js';
import { API_HOST } from '../../../helpers/http.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, outcomeOf } from './chain.js';

const LISTED = ['https://www.example.com', 'http://localhost:3000'];
const chain = chainOf([formCors(async () => LISTED)]);
const origin = fc.oneof(fc.constantFrom(...LISTED, `https://${API_HOST}`, 'null', ''), fc.webUrl(), fc.webUrl().map((url) => new URL(url).origin), anyText(80));
const host = fc.oneof(fc.constant(API_HOST), fc.domain(), anyText(40));
const method = fc.constantFrom('GET', 'POST', 'OPTIONS', 'PUT', 'DELETE');

describe('formCors under arbitrary input (fast-check)', () => {
  it('answers any Origin, Host and method by letting the request through, answering its preflight, or refusing it 403', async () => {
    await fc.assert(
      fc.asyncProperty(origin, host, method, async (sentOrigin, sentHost, sentMethod) => {
        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent(sentMethod, '/v1/events', { headers: { origin: sentOrigin, host: sentHost } })));

        // Assess
        if (outcome.refused) expect(outcome.refused).toMatchObject({ status: 403, code: 'forbidden' });
        else expect(outcome.passed.statusCode).toBeLessThan(500);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('grants exactly the listed origins and the API host’s own, and only ever the origin that was sent', async () => {
    await fc.assert(
      fc.asyncProperty(origin.filter((sent) => sent !== ''), method, async (sentOrigin, sentMethod) => {
        // Act
        const outcome = await outcomeOf(chain.invoke(anEvent(sentMethod, '/v1/events', { headers: { origin: sentOrigin } })));

        // Assess
        const allowed = LISTED.includes(sentOrigin) || (URL.canParse(sentOrigin) && new URL(sentOrigin).host === API_HOST);
        expect(outcome.passed?.headers?.['access-control-allow-origin']).toBe(allowed ? sentOrigin : undefined);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
