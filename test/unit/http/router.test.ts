import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { defineRoute } from '../../../functions/http/framework/route.js';
import { createRouter } from '../../../functions/http/framework/router.js';
import { lambdaContext, testDependencies } from '../../helpers/http.js';
import { anEvent } from './middleware/chain.js';

/** An open route whose query, body and path are named by builders, counting what each builds. */
const countingRoute = () => {
  const built = { params: 0, query: 0, body: 0 };
  const route = defineRoute({
    method: 'POST',
    path: '/v1/test/{id}',
    operationId: 'countBuilds',
    summary: 'counts the schemas it builds',
    access: 'open',
    params: () => ((built.params += 1), z.object({ id: z.string().max(3) })),
    query: () => ((built.query += 1), z.object({ limit: z.coerce.number().int().max(10).optional() })),
    body: () => ((built.body += 1), z.strictObject({ note: z.string() })),
    responses: { 200: { description: 'what it read' } },
    handle: async ({ params, query, body }) => ({ status: 200, body: { params, query, body } }),
  });
  return { built, route };
};

const post = (router: ReturnType<typeof createRouter>, path: string, body: unknown, query?: Record<string, string>) =>
  router(anEvent('POST', path, { body, ...(query ? { query } : {}) }), lambdaContext('winnow-admin'));

describe('createRouter', () => {
  it('builds no route’s request schemas when it is built', () => {
    // Prepare
    const { built, route } = countingRoute();

    // Act
    createRouter(testDependencies(), [route]);

    // Assess
    expect(built).toEqual({ params: 0, query: 0, body: 0 });
  });

  it('builds a route’s request schemas on its first request, once, and parses with them', async () => {
    // Prepare
    const { built, route } = countingRoute();
    const router = createRouter(testDependencies(), [route]);

    // Act
    const first = await post(router, '/v1/test/abc', { note: 'hi' }, { limit: '5' });
    const second = await post(router, '/v1/test/abc', { note: 'again' });

    // Assess
    expect(built).toEqual({ params: 1, query: 1, body: 1 });
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(first.body ?? '')).toEqual({ params: { id: 'abc' }, query: { limit: 5 }, body: { note: 'hi' } });
  });

  it('answers a request its lazily built schemas refuse with the issues of each part', async () => {
    // Prepare
    const { route } = countingRoute();
    const router = createRouter(testDependencies(), [route]);

    // Act
    const response = await post(router, '/v1/test/abcd', { note: 1 });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ error: { issues: [{ path: 'id', message: expect.any(String) }] } });
  });
});
