import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouterHandler from '@middy/http-router';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../../functions/app/errors.js';
import { BadRequestError, HttpError, RateLimitedError, UnauthorizedError } from '../../../../functions/http/framework/errors.js';
import { errorResponse } from '../../../../functions/http/framework/middleware/error-response.js';
import { JSON_HEADERS, type HttpEvent, type HttpMiddleware, type HttpResult } from '../../../../functions/http/framework/middleware/http-types.js';
import { lambdaContext, SpecError } from '../../../helpers/http.js';
import { anEvent, chainOf, logged, REACHED } from './chain.js';

/** The error-response middleware around a handler that throws `error`. */
const failingWith = (error: unknown, ...inner: HttpMiddleware[]) =>
  chainOf([errorResponse(), ...inner], async () => {
    throw error;
  });
const answerTo = (error: unknown) => failingWith(error).invoke(anEvent('POST', '/v1/events'));
const specBody = (body: string | undefined) => SpecError.parse(JSON.parse(body ?? ''));
/** A middy HttpError as @middy/util's createError makes it: an Error with a statusCode. */
const middyError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode, expose: statusCode < 500 });

describe('errorResponse', () => {
  it('answers an HttpError in the SPEC’s shape, with its status, its headers and the JSON headers', async () => {
    // Act
    const response = await answerTo(new UnauthorizedError());

    // Assess
    expect(response.statusCode).toBe(401);
    expect(response.headers).toEqual({ ...JSON_HEADERS, 'www-authenticate': 'Bearer' });
    expect(specBody(response.body)).toEqual({ error: { code: 'unauthorized', message: 'an admin bearer token is required' } });
  });

  it('names each issue of a 400, and leaves `issues` out when there are none', async () => {
    // Act
    const withIssues = await answerTo(new BadRequestError('the body is not valid', [{ path: 'answers.email', message: 'must be an email' }]));
    const without = await answerTo(new RateLimitedError(30));

    // Assess
    expect(specBody(withIssues.body).error).toEqual({ code: 'bad_request', message: 'the body is not valid', issues: [{ path: 'answers.email', message: 'must be an email' }] });
    expect(JSON.parse(without.body ?? '')).toEqual({ error: { code: 'rate_limited', message: 'too many requests: retry in 30 s' } });
    expect(without.headers?.['retry-after']).toBe('30');
  });

  it('answers a use case’s refusal with its HTTP status', async () => {
    // Act
    const response = await answerTo(new InvalidRequestError('the step is not valid', [{ path: 'step', message: 'must be 1 or more' }]));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(specBody(response.body).error).toMatchObject({ code: 'bad_request', issues: [{ path: 'step', message: 'must be 1 or more' }] });
  });

  it('answers an error we caused 500, naming nothing of it, and logs it with its cause chain and the request', async () => {
    // Prepare
    const root = new Error('connect ECONNREFUSED 10.0.0.12:443');
    const failure = new Error('loading the form failed', { cause: root });

    // Act
    const { result: response, lines } = await logged(() => answerTo(failure));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(specBody(response.body)).toEqual({ error: { code: 'internal', message: 'something went wrong on our side; try again' } });
    expect(response.body).not.toMatch(/ECONNREFUSED|loading the form/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      message: 'request failed',
      path: '/v1/events',
      method: 'POST',
      error: { name: 'Error', message: 'loading the form failed', cause: { name: 'Error', message: 'connect ECONNREFUSED 10.0.0.12:443' } },
    });
  });

  it('answers a thrown value that is not an Error 500 and logs it as it was', async () => {
    // Act
    const { result: response, lines } = await logged(() => answerTo('a string, thrown'));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(lines).toMatchObject([{ level: 'ERROR', error: 'a string, thrown' }]);
  });

  it('answers a 503 of ours with its Retry-After and logs it as a warning, cause and all', async () => {
    // Prepare
    const busy = new HttpError(503, 'busy', 'the lead is busy; try again', undefined, { 'retry-after': '1' }, { cause: new Error('the lead was erased') });

    // Act
    const { result: response, lines } = await logged(() => answerTo(busy));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(specBody(response.body).error).toEqual({ code: 'busy', message: 'the lead is busy; try again' });
    expect(lines).toMatchObject([{ level: 'WARN', status: 503, error: { message: 'the lead is busy; try again', cause: { message: 'the lead was erased' } } }]);
  });

  it('logs nothing for an error the caller caused', async () => {
    // Act
    const { lines } = await logged(() => answerTo(new UnauthorizedError()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('answers malformed JSON 400 and another media type 415, before the handler', async () => {
    // Prepare
    const chain = chainOf([errorResponse(), httpJsonBodyParser() as HttpMiddleware]);

    // Act
    const malformed = await chain.invoke(anEvent('POST', '/v1/events', { body: '{"leadId": ' }));
    const text = await chain.invoke(anEvent('POST', '/v1/events', { body: 'leadId=x', headers: { 'content-type': 'text/plain' } }));

    // Assess
    expect([malformed.statusCode, specBody(malformed.body).error]).toEqual([400, { code: 'bad_request', message: 'the body is not valid JSON' }]);
    expect([text.statusCode, specBody(text.body).error]).toEqual([415, { code: 'unsupported_media_type', message: 'send JSON with content-type: application/json' }]);
    expect(chain.reached).toEqual([]);
  });

  it('answers middy’s 405 as method_not_allowed with its message', async () => {
    // Act
    const response = await answerTo(middyError(405, 'Method Not Allowed'));

    // Assess
    expect(response.statusCode).toBe(405);
    expect(specBody(response.body).error).toEqual({ code: 'method_not_allowed', message: 'Method Not Allowed' });
  });

  it('answers a path no route serves 404 “no such route”', async () => {
    // Prepare
    const router = httpRouterHandler([{ method: 'GET', path: '/healthz', handler: async () => REACHED }]) as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>;
    const chain = chainOf([errorResponse()], async (event) => router(event, lambdaContext()));

    // Act
    const response = await chain.invoke(anEvent('GET', '/nowhere'));

    // Assess
    expect(response.statusCode).toBe(404);
    expect(specBody(response.body).error).toEqual({ code: 'not_found', message: 'no such route' });
  });

  it('answers another 4xx of middy’s with its status and message, and any 5xx of middy’s 500', async () => {
    // Act
    const teapot = await answerTo(middyError(418, 'I’m a teapot'));
    const { result: gateway, lines } = await logged(() => answerTo(middyError(502, 'Bad Gateway from upstream 10.0.0.12')));

    // Assess
    expect([teapot.statusCode, specBody(teapot.body).error]).toEqual([418, { code: 'error', message: 'I’m a teapot' }]);
    expect([gateway.statusCode, specBody(gateway.body).error.code]).toEqual([500, 'internal']);
    expect(gateway.body).not.toContain('10.0.0.12');
    expect(lines).toMatchObject([{ level: 'ERROR', error: { message: 'Bad Gateway from upstream 10.0.0.12' } }]);
  });

  it('leaves an answer another middleware already gave as it is', async () => {
    // Prepare
    const answered: HttpMiddleware = {
      onError: (request) => {
        request.response = { statusCode: 204 };
      },
    };
    const chain = chainOf([errorResponse(), answered], async () => {
      throw new HttpError(409, 'conflict', 'taken');
    });

    // Act
    const response = await chain.invoke(anEvent('POST', '/v1/events'));

    // Assess
    expect(response).toEqual({ statusCode: 204 });
  });
});
