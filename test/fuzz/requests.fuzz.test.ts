import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes/index.js';
import { startLocalStack, type LocalStack } from '../helpers/local-stack.js';
import { badRequests, describeFailure, familyKeys, prepareTarget, routeKeyOf, runFuzz, type FuzzTarget } from './requests.js';

/** The issue asks for at least 1,000 generated bad requests per `npm test`; `npm run bench -- fuzz` sends 10,000. */
const RUNS = 3_000;
/** A new seed each run finds new cases; the failure message names it, so `WINNOW_FUZZ_SEED=… npx vitest run test/fuzz` replays one. */
const SEED = Number(process.env.WINNOW_FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('bad requests to every route (fast-check, local stack)', () => {
  let stack: LocalStack;
  let target: FuzzTarget;

  beforeAll(async () => {
    stack = await startLocalStack();
    target = await prepareTarget(stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  it(`answers each of ${RUNS} generated bad requests 4xx in the SPEC's error shape with nosniff, and stores and queues nothing`, { timeout: 120_000 }, async () => {
    // Prepare
    const requests = fc.sample(badRequests(routes, target), { numRuns: RUNS, seed: SEED });

    // Act
    const report = await runFuzz(stack, target, requests);

    // Assess
    expect(report.total.tried).toBe(RUNS);
    expect([...report.byRoute.keys()].sort(), 'every route of the table is tried').toEqual(routes.map(routeKeyOf).sort());
    expect(report.failures.map(describeFailure), `seed ${SEED}`).toEqual([]);
    expect(report.total).toMatchObject({ '4xx': RUNS, '5xx': 0, other: 0, stored: 0 });
  });

  it('knows the families of the issue: ids never issued, reused ids, deep JSON, reserved keys, unsafe numbers, bad cursors', () => {
    // Act
    const known = familyKeys(routes, target);

    // Assess
    expect(known).toEqual(
      expect.arrayContaining([
        'POST /v1/forms/{formId}/submissions · made-up leadId',
        'POST /v1/events · made-up leadId',
        'POST /v1/forms/{formId}/submissions · reused submissionId, other answers',
        'POST /v1/events · reused eventId, another type',
        'POST /v1/admin/events · reused eventId, another type',
        'POST /v1/admin/events · one eventId twice, other types',
      ]),
    );
    expect(new Set(known.map((key) => key.split(' · ')[1])).size).toBeGreaterThanOrEqual(30);
  });
});
