import { ForbiddenError } from '../errors.js';
import type { HttpEvent, HttpMiddleware, HttpRequest } from './http-types.js';

const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The widget's own page on the API host (the demo page) needs no listing. */
const isSameOrigin = (origin: string, host: string | undefined): boolean => URL.canParse(origin) && new URL(origin).host === host;

/**
 * CORS per form: the origins allowed are data (each form's `allowedOrigins`), not
 * configuration, so middy's http-cors, which takes them at start-up, cannot serve them.
 * A browser request from an origin not listed is refused before it touches anything.
 */
export const formCors = (allowedOrigins: (event: HttpEvent) => Promise<readonly string[]>): HttpMiddleware => {
  const granted = new WeakMap<HttpEvent, string>();
  const addHeaders = (request: HttpRequest): void => {
    const origin = granted.get(request.event);
    if (!origin || !request.response) return;
    request.response.headers = {
      ...request.response.headers,
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'retry-after',
      vary: 'Origin',
    };
  };
  return {
    before: async (request) => {
      const { event } = request;
      const origin = event.headers.origin;
      if (!origin) return undefined;
      const allowed = isSameOrigin(origin, event.headers.host) || (await allowedOrigins(event)).includes(origin);
      if (!allowed) throw new ForbiddenError(`origin ${origin} is not allowed here (see the form's allowedOrigins)`);
      granted.set(event, origin);
      if (event.requestContext.http.method !== 'OPTIONS') return undefined;
      return {
        statusCode: 204,
        headers: {
          'access-control-allow-origin': origin,
          vary: 'Origin',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
        },
      };
    },
    after: addHeaders,
    onError: addHeaders,
  };
};
