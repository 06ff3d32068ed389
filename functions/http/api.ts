import { randomBytes } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouterHandler, { type Method } from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { defaultAdapters } from '../adapters/clients.js';
import { loadDocument } from './documents.js';
import { adminAuth } from './middleware/admin-auth.js';
import { bodyLimit } from './middleware/body-limit.js';
import { errorResponse } from './middleware/error-response.js';
import { formCors } from './middleware/form-cors.js';
import { json, type HttpEvent, type HttpMiddleware, type HttpResult } from './middleware/http-types.js';
import { rateLimit } from './middleware/rate-limit.js';
import { formBody } from './middleware/form-body.js';
import { parsePart, type Dependencies, type Reply, type Route } from './route.js';
import { routes } from './routes.js';

/** Origins a public route accepts: its form's, or (for events, which name no form) every form's. */
const originsFor = (deps: Dependencies) => async (event: HttpEvent): Promise<readonly string[]> => {
  const formId = event.pathParameters?.formId;
  if (formId) return (await loadDocument(deps.store, 'form', formId).catch(() => undefined))?.document.allowedOrigins ?? [];
  const forms = await deps.store.latestDocuments('form');
  return forms.flatMap((f) => (f.document as { allowedOrigins?: string[] }).allowedOrigins ?? []);
};

const toResult = ({ status, body, html, text, bytes, headers = {} }: Reply): HttpResult => {
  if (html !== undefined) return { statusCode: status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body: html };
  if (text !== undefined) return { statusCode: status, headers, body: text };
  if (bytes !== undefined) return { statusCode: status, headers, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
  return body === undefined ? { statusCode: status, headers } : json(status, body, headers);
};

const routeHandler = (route: Route, deps: Dependencies) => async (event: HttpEvent): Promise<HttpResult> => {
  const body = typeof route.body === 'function' ? route.body(deps) : route.body;
  const reply = await route.handle(
    {
      params: route.params ? parsePart(route.params, event.pathParameters ?? {}, 'path') : undefined,
      query: route.query ? parsePart(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
      body: body ? parsePart(body, event.body, 'body') : undefined,
      headers: event.headers,
    },
    deps,
  );
  return toResult(reply);
};

/** Per route: the SPEC's guards in order (origin, rate, auth, size, JSON), errors in the SPEC's shape. */
const middlewaresFor = (route: Route, deps: Dependencies, limiter: HttpMiddleware): HttpMiddleware[] => [
  ...(route.access === 'public' ? [formCors(originsFor(deps))] : []),
  errorResponse(),
  ...(route.access === 'public' ? [limiter] : []),
  ...(route.access === 'admin' ? [adminAuth(deps.adminToken)] : []),
  ...(route.body ? [bodyLimit(), route.bodyFormat === 'form' ? formBody() : (httpJsonBodyParser() as HttpMiddleware)] : []),
];

/** Browsers ask before a cross-origin JSON request; the CORS middleware answers. */
const preflighted = (route: Route): boolean => route.access === 'public' && route.method !== 'GET';

/**
 * On AWS the admin routes run in a function of their own, the only one that may read the
 * admin token; every other route (public and open: pages, widget, links) in the public one.
 */
export type RouteGroup = 'public' | 'admin';

export const routesFor = (group: RouteGroup, table: readonly Route[] = routes): Route[] =>
  table.filter((route) => (route.access === 'admin') === (group === 'admin'));

/** Every method and path the router answers for these routes: API Gateway declares exactly these. */
export const routeKeys = (table: readonly Route[] = routes): { method: Route['method'] | 'OPTIONS'; path: string }[] =>
  table.flatMap((route) => [{ method: route.method, path: route.path }, ...(preflighted(route) ? [{ method: 'OPTIONS' as const, path: route.path }] : [])]);

/** The HTTP API (or one group of its routes) as one Lambda handler (API Gateway HTTP API, payload v2). */
export const createApi = (deps: Dependencies, served: readonly Route[] = routes) => {
  const limiter = rateLimit({ perMinute: deps.config.WINNOW_RATE_LIMIT_PER_MINUTE });
  const chain = (route: Route, handler: (event: HttpEvent) => Promise<HttpResult>) =>
    middlewaresFor(route, deps, limiter).reduce((m, middleware) => m.use(middleware), middy<HttpEvent, HttpResult, Error, Context>(handler));
  const table = served.flatMap((route) => {
    const entries = [{ method: route.method as Method, path: route.path, handler: chain(route, routeHandler(route, deps)) }];
    if (preflighted(route)) {
      entries.push({ method: 'OPTIONS', path: route.path, handler: chain({ ...route, body: undefined }, async () => toResult({ status: 204 })) });
    }
    return entries;
  });
  // The router's types know only the raw event; each route's chain sees its body parsed.
  const router = httpRouterHandler(table as unknown as Parameters<typeof httpRouterHandler>[0]) as unknown as (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<HttpResult>;
  return middy<APIGatewayProxyEventV2, HttpResult, Error, Context>(router)
    .use(httpHeaderNormalizer())
    .use(errorResponse() as unknown as MiddlewareObj<APIGatewayProxyEventV2, HttpResult, Error, Context>);
};

export const defaultDependencies = (): Dependencies => {
  const adapters = defaultAdapters();
  return {
    ...adapters,
    now: () => new Date(),
    newLeadId: () => randomBytes(16).toString('base64url'),
    adminToken: async () => adapters.config.WINNOW_ADMIN_TOKEN,
  };
};
