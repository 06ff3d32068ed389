import { describe, expect, it } from 'vitest';
import { createApi } from '../../functions/http/api.js';
import { createRouter, routeKeys } from '../../functions/http/framework/router.js';
import { pageDependencies } from '../../functions/http/lambda/pages.js';
import { routeGroups, routes } from '../../functions/http/routes/index.js';
import { apiClient, mockAws, SpecError, testConfig, testDependencies } from '../helpers/http.js';

const aws = mockAws();

describe('the route groups the three API functions serve on AWS', () => {
  it('splits the route table in three without losing or repeating a route', () => {
    // Act
    const groups = Object.values(routeGroups);

    // Assess
    expect(groups.flat()).toHaveLength(routes.length);
    expect(new Set(groups.flat())).toEqual(new Set(routes));
    expect(routeGroups.admin.every((route) => route.access === 'admin')).toBe(true);
    expect([...routeGroups.public, ...routeGroups.pages].some((route) => route.access === 'admin')).toBe(false);
  });

  it('gives the pages, the widget and the OpenAPI document to the pages function, the health check to the public one', () => {
    // Act
    const keys = (group: keyof typeof routeGroups) => routeKeys(routeGroups[group]).map(({ method, path }) => `${method} ${path}`);

    // Assess
    expect(keys('pages').filter((key) => key.startsWith('GET ')).sort()).toEqual(['GET /', 'GET /admin', 'GET /v1/openapi.json', 'GET /widget.js', 'GET /widget.mjs']);
    expect(keys('pages').filter((key) => key.startsWith('HEAD ')).sort()).toEqual(['HEAD /', 'HEAD /admin', 'HEAD /v1/openapi.json', 'HEAD /widget.js', 'HEAD /widget.mjs']);
    expect(keys('public')).toEqual(expect.arrayContaining(['GET /healthz', 'HEAD /healthz']));
  });

  it('declares a preflight for each public route a browser sends a JSON body to', () => {
    // Act
    const keys = routeKeys(routes).map(({ method, path }) => `${method} ${path}`);

    // Assess
    expect(keys).toEqual(expect.arrayContaining(['OPTIONS /v1/forms/{formId}/submissions', 'OPTIONS /v1/events']));
    expect(keys.filter((key) => key.startsWith('OPTIONS /v1/admin'))).toEqual([]);
  });

  it('answers an admin path with the SPEC’s 404 in the public function, where an admin route would have asked for a token (401)', async () => {
    // Prepare
    aws.reset();
    const publicOnly = apiClient(createApi(testDependencies(testConfig()), routeGroups.public));

    // Act
    const response = await publicOnly.get('/v1/admin/leads/lead_known_0000000000001');

    // Assess
    expect(response.status).toBe(404);
    expect(SpecError.safeParse(response.body).success).toBe(true);
    expect(aws.dynamo.calls()).toEqual([]);
  });

  it('serves every page route from the config alone, as the pages function does with no adapters', async () => {
    // Prepare
    const pages = apiClient(createRouter(pageDependencies({}), routeGroups.pages));

    // Act
    const responses = await Promise.all(routeGroups.pages.map(async (route) => [route.path, (await pages.get(route.path)).status] as const));

    // Assess
    expect(responses).toEqual(routeGroups.pages.map((route) => [route.path, 200]));
  });
});
