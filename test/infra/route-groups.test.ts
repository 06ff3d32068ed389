import { describe, expect, it } from 'vitest';
import { createApi, routeKeys, routesFor } from '../../functions/http/api.js';
import { routes } from '../../functions/http/routes.js';
import { apiClient, mockAws, SpecError, testConfig, testDependencies } from '../helpers/http.js';

const aws = mockAws();

describe('the route groups the two API functions serve on AWS', () => {
  it('splits the route table in two without losing or repeating a route', () => {
    // Act
    const publicRoutes = routesFor('public');
    const adminRoutes = routesFor('admin');

    // Assess
    expect([...publicRoutes, ...adminRoutes]).toHaveLength(routes.length);
    expect(new Set([...publicRoutes, ...adminRoutes])).toEqual(new Set(routes));
    expect(adminRoutes.every((route) => route.access === 'admin')).toBe(true);
    expect(publicRoutes.some((route) => route.access === 'admin')).toBe(false);
  });

  it('keeps the pages and the widget with the public function', () => {
    // Act
    const keys = routeKeys(routesFor('public')).map(({ method, path }) => `${method} ${path}`);

    // Assess
    expect(keys).toEqual(expect.arrayContaining(['GET /', 'GET /admin', 'GET /widget.js', 'GET /widget.mjs', 'GET /healthz', 'GET /v1/openapi.json']));
  });

  it('declares a preflight for each public route a browser sends a JSON body to', () => {
    // Act
    const keys = routeKeys().map(({ method, path }) => `${method} ${path}`);

    // Assess
    expect(keys).toEqual(expect.arrayContaining(['OPTIONS /v1/forms/{formId}/submissions', 'OPTIONS /v1/events']));
    expect(keys.filter((key) => key.startsWith('OPTIONS /v1/admin'))).toEqual([]);
  });

  it('answers an admin path with the SPEC’s 404 in the public function, where an admin route would have asked for a token (401)', async () => {
    // Prepare
    aws.reset();
    const publicOnly = apiClient(createApi(testDependencies(testConfig()), routesFor('public')));

    // Act
    const response = await publicOnly.get('/v1/admin/leads/lead_known_0000000000001');

    // Assess
    expect(response.status).toBe(404);
    expect(SpecError.safeParse(response.body).success).toBe(true);
    expect(aws.dynamo.calls()).toEqual([]);
  });
});
