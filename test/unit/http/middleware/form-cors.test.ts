import { describe, expect, it } from 'vitest';
import { ForbiddenError, HttpError } from '../../../../functions/http/framework/errors.js';
import { errorResponse } from '../../../../functions/http/framework/middleware/error-response.js';
import { formCors } from '../../../../functions/http/framework/middleware/form-cors.js';
import type { HttpEvent } from '../../../../functions/http/framework/middleware/http-types.js';
import { API_HOST } from '../../../helpers/http.js';
import { anEvent, chainOf, outcomeOf, REACHED } from './chain.js';

const FORM_ORIGIN = 'https://www.example.com';
const GRANTED = { 'access-control-allow-origin': FORM_ORIGIN, 'access-control-expose-headers': 'retry-after', vary: 'Origin' };

/** formCors with the origins one form lists; `asked` records each event it was asked about. */
const corsFor = (origins: readonly string[] = [FORM_ORIGIN]) => {
  const asked: HttpEvent[] = [];
  const middleware = formCors(async (event) => {
    asked.push(event);
    return origins;
  });
  return { middleware, asked };
};
const submission = (origin?: string, method = 'POST') =>
  anEvent(method, '/v1/forms/demo-request/submissions', { headers: origin === undefined ? {} : { origin }, ...(method === 'POST' ? { body: '{}' } : {}) });

describe('formCors', () => {
  it('grants a listed origin: the answer names it, exposes Retry-After and varies on Origin', async () => {
    // Prepare
    const { middleware } = corsFor();

    // Act
    const response = await chainOf([middleware]).invoke(submission(FORM_ORIGIN));

    // Assess
    expect(response).toEqual({ ...REACHED, headers: { ...REACHED.headers, ...GRANTED } });
  });

  it('refuses an origin the form does not list 403, before the handler', async () => {
    // Prepare
    const { middleware } = corsFor();
    const chain = chainOf([middleware]);

    // Act
    const { refused } = await outcomeOf(chain.invoke(submission('https://evil.example.net')));

    // Assess
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden', message: "origin https://evil.example.net is not allowed here (see the form's allowedOrigins)" });
    expect(chain.reached).toEqual([]);
  });

  it.each([
    ['with a trailing slash', `${FORM_ORIGIN}/`],
    ['in capitals', FORM_ORIGIN.toUpperCase()],
    ['over http', FORM_ORIGIN.replace('https', 'http')],
    ['on another port', `${FORM_ORIGIN}:8443`],
    ['as a subdomain', 'https://evil.www.example.com'],
    ['sent by a sandboxed page', 'null'],
  ])('refuses the listed origin %s: origins match exactly', async (_, origin) => {
    // Act
    const { refused } = await outcomeOf(chainOf([corsFor().middleware]).invoke(submission(origin)));

    // Assess
    expect(refused?.status).toBe(403);
  });

  it('lets a request without an Origin through untouched, asking for no origins', async () => {
    // Prepare
    const { middleware, asked } = corsFor();

    // Act
    const response = await chainOf([middleware]).invoke(submission());

    // Assess
    expect(response).toEqual(REACHED);
    expect(asked).toEqual([]);
  });

  it('grants the API host’s own pages without their being listed', async () => {
    // Prepare
    const { middleware } = corsFor([]);
    const own = `https://${API_HOST}`;

    // Act
    const response = await chainOf([middleware]).invoke(submission(own));

    // Assess
    expect(response.headers?.['access-control-allow-origin']).toBe(own);
  });

  it('answers a preflight from a listed origin 204 with the methods, headers and max age, without the handler', async () => {
    // Prepare
    const chain = chainOf([corsFor().middleware]);

    // Act
    const response = await chain.invoke(submission(FORM_ORIGIN, 'OPTIONS'));

    // Assess
    expect(response).toEqual({
      statusCode: 204,
      headers: {
        'access-control-allow-origin': FORM_ORIGIN,
        vary: 'Origin',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      },
    });
    expect(chain.reached).toEqual([]);
  });

  it('refuses a preflight from an origin not listed 403', async () => {
    // Act
    const { refused } = await outcomeOf(chainOf([corsFor().middleware]).invoke(submission('https://evil.example.net', 'OPTIONS')));

    // Assess
    expect(refused?.status).toBe(403);
  });

  it('grants a listed origin on an error answer too, so the widget can read it', async () => {
    // Prepare
    const chain = chainOf([corsFor().middleware, errorResponse()], async () => {
      throw new HttpError(400, 'bad_request', 'the body is not valid');
    });

    // Act
    const response = await chain.invoke(submission(FORM_ORIGIN));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject(GRANTED);
  });

  it('grants per request: the next request, with no Origin, is granted nothing', async () => {
    // Prepare
    const chain = chainOf([corsFor().middleware]);
    await chain.invoke(submission(FORM_ORIGIN));

    // Act
    const next = await chain.invoke(submission());

    // Assess
    expect(next.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('fails the request, rather than refuse it, when the origins cannot be read', async () => {
    // Prepare
    const unreadable = formCors(async () => {
      throw new Error('DynamoDB is unreachable');
    });

    // Act
    const failed = chainOf([unreadable]).invoke(submission(FORM_ORIGIN));

    // Assess
    await expect(failed).rejects.toThrow('DynamoDB is unreachable');
  });
});
