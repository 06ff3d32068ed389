import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouterHandler, { type Method } from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { logger } from '../../app/logger.js';
import { adminAuth } from './middleware/admin-auth.js';
import { bodyLimit } from './middleware/body-limit.js';
import { correlationId } from './middleware/correlation-id.js';
import { errorResponse } from './middleware/error-response.js';
import { formCors } from './middleware/form-cors.js';
import { json, type HttpEvent, type HttpMiddleware, type HttpResult } from './middleware/http-types.js';
import { rateLimit } from './middleware/rate-limit.js';
import { formBody } from './middleware/form-body.js';
import { once } from '../../core/once.js';
import { parsePart, schemaOf, type Reply, type Route, type RouteOf, type RouterDependencies } from './route.js';

const toResult = ({ status, body, html, text, bytes, headers = {} }: Reply): HttpResult => {
  if (html !== undefined) return { statusCode: status, headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }, body: html };
  if (text !== undefined) return { statusCode: status, headers, body: text };
  if (bytes !== undefined) return { statusCode: status, headers, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
  return body === undefined ? { statusCode: status, headers } : json(status, body, headers);
};

/** What a route table needs of its dependencies that the type cannot say: checked once, when the router is built. */
const required = <T>(value: T | undefined, message: string): T => {
  if (value === undefined) throw new Error(message);
  return value;
};

const NO_CLOCK = 'a body checked against the clock needs now';

const routeHandler = <D extends RouterDependencies>(route: RouteOf<D>, deps: D) => {
  // A schema that checks against the clock reads it when it parses: that the router has one is checked now, not at the first request.
  const clock = typeof route.body === 'function' ? required(deps.now, NO_CLOCK) : undefined;
  // Built by the route's first request, once: a function's init builds no route's schemas (most of the admin API's are seldom used).
  const schemas = once(() => ({
    params: schemaOf(route.params),
    query: schemaOf(route.query),
    body: typeof route.body === 'function' ? route.body({ now: required(clock, NO_CLOCK) }) : route.body,
  }));
  return async (event: HttpEvent): Promise<HttpResult> => {
    const { params, query, body } = schemas();
    const reply = await route.handle(
      {
        params: params ? parsePart(params, event.pathParameters ?? {}, 'path') : undefined,
        query: query ? parsePart(query, event.queryStringParameters ?? {}, 'query') : undefined,
        body: body ? parsePart(body, event.body, 'body') : undefined,
        headers: event.headers,
      },
      deps,
    );
    return toResult(reply);
  };
};

/** Per route: the SPEC's guards in order (origin, rate, auth, size, JSON), errors in the SPEC's shape. */
const middlewaresFor = <D extends RouterDependencies>(route: RouteOf<D>, deps: D, limiter: HttpMiddleware, cors: HttpMiddleware | undefined): HttpMiddleware[] => [
  ...(route.access === 'public' && cors ? [cors] : []),
  errorResponse(),
  ...(route.access === 'public' ? [limiter] : []),
  ...(route.access === 'admin' ? [adminAuth(required(deps.adminToken, 'admin routes need adminToken'))] : []),
  ...(route.body ? [bodyLimit(), route.bodyFormat === 'form' ? formBody() : (httpJsonBodyParser() as HttpMiddleware)] : []),
];

/** Browsers ask before a cross-origin JSON request; the CORS middleware answers. */
const preflighted = (route: Pick<Route, 'access' | 'method'>): boolean => route.access === 'public' && route.method !== 'GET';

/** Uptime monitors, link checkers and CDNs ask pages, scripts and the health check with HEAD. */
const headable = (route: Pick<Route, 'access' | 'method'>): boolean => route.access === 'open' && route.method === 'GET';

/** A HEAD's answer: the GET's status and headers, its length included, and no body (an error's neither). */
const withoutBody = (result: HttpResult): HttpResult => {
  const length = result.body ? Buffer.byteLength(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : 0;
  return { ...result, headers: { ...result.headers, 'content-length': String(length) }, body: '', isBase64Encoded: false };
};

/** Every method and path the router answers for these routes: API Gateway declares exactly these. */
export const routeKeys = (table: readonly Route[]): { method: Route['method'] | 'OPTIONS' | 'HEAD'; path: string }[] =>
  table.flatMap((route) => [
    { method: route.method, path: route.path },
    ...(preflighted(route) ? [{ method: 'OPTIONS' as const, path: route.path }] : []),
    ...(headable(route) ? [{ method: 'HEAD' as const, path: route.path }] : []),
  ]);

/** Which origins a public route's request may come from (see `formOrigins`). */
export type AllowedOrigins = (event: HttpEvent) => Promise<readonly string[]>;

/**
 * Routes as one Lambda handler (API Gateway HTTP API, payload v2): the whole API locally, one
 * group of it per function on AWS. Public routes need `allowedOrigins`; given by the caller,
 * it keeps the forms' loading out of the functions that serve no public route.
 */
export const createRouter = <D extends RouterDependencies>(deps: D, served: readonly RouteOf<D>[], allowedOrigins?: AllowedOrigins) => {
  if (!allowedOrigins && served.some((route) => route.access === 'public')) throw new Error('public routes need allowedOrigins for their CORS answer');
  const limiter = rateLimit({ perMinute: deps.config.WINNOW_RATE_LIMIT_PER_MINUTE });
  const cors = allowedOrigins && formCors(allowedOrigins);
  // An admin table without its token fails when the router is built, not on its first request.
  if (served.some((route) => route.access === 'admin')) required(deps.adminToken, 'admin routes need adminToken');
  // Each chain is built by its route's first request, once, as its schemas are: the admin API's
  // ~40 chains cost its init ~2 M instructions, and a warm function serves few of them.
  const chain = (route: RouteOf<D>, handler: (event: HttpEvent) => Promise<HttpResult>) => {
    const built = once(() => middlewaresFor(route, deps, limiter, cors).reduce((m, middleware) => m.use(middleware), middy<HttpEvent, HttpResult, Error, Context>(handler)));
    return (...request: Parameters<ReturnType<typeof built>>) => built()(...request);
  };
  const table = served.flatMap((route) => {
    const handler = chain(route, routeHandler(route, deps));
    const entries: { method: Method; path: string; handler: (event: HttpEvent, context: Context) => Promise<HttpResult> }[] = [{ method: route.method as Method, path: route.path, handler }];
    if (preflighted(route)) {
      entries.push({ method: 'OPTIONS', path: route.path, handler: chain({ ...route, body: undefined }, async () => toResult({ status: 204 })) });
    }
    if (headable(route)) {
      entries.push({ method: 'HEAD', path: route.path, handler: async (event: HttpEvent, context: Context) => withoutBody(await handler(event, context)) });
    }
    return entries;
  });
  // The router's types know only the raw event; each route's chain sees its body parsed.
  const router = httpRouterHandler(table as unknown as Parameters<typeof httpRouterHandler>[0]) as unknown as (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<HttpResult>;
  // Keys are reset after every request, answered or failed: a warm container never logs one
  // request's id on the next. The error response logs before the reset (onError runs last-used first).
  return middy<APIGatewayProxyEventV2, HttpResult, Error, Context>(router)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlationId())
    .use(httpHeaderNormalizer())
    .use(errorResponse() as unknown as MiddlewareObj<APIGatewayProxyEventV2, HttpResult, Error, Context>);
};
