import middy from '@middy/core';
import fc from 'fast-check';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { vi } from 'vitest';
import { logger } from '../../../../functions/app/logger.js';
import { HttpError } from '../../../../functions/http/framework/errors.js';
import { json, JSON_HEADERS, type HttpEvent, type HttpMiddleware, type HttpResult } from '../../../../functions/http/framework/middleware/http-types.js';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../../../helpers/http.js';

/** What the handler behind the middlewares answers when a request reaches it: each time a copy, which middlewares may change. */
export const REACHED: Readonly<HttpResult> = Object.freeze({ ...json(200, { reached: true }), headers: Object.freeze({ ...JSON_HEADERS }) });
const reachedAnswer = (): HttpResult => ({ ...REACHED, headers: { ...REACHED.headers } });

/** An API Gateway v2 event (test/helpers/http.ts) with the fields the hosts set and the helper leaves at their defaults. */
export const anEvent = (
  method: string,
  path: string,
  { requestId, isBase64Encoded = false, ...options }: ApiEventOptions & { requestId?: string; isBase64Encoded?: boolean } = {},
): APIGatewayProxyEventV2 => {
  const event = apiEvent(method, path, options);
  return { ...event, isBase64Encoded, requestContext: { ...event.requestContext, requestId: requestId ?? event.requestContext.requestId } };
};

/**
 * Middlewares in a middy chain around one handler, used in the router's order, as middy tests
 * its own: the handler records every event that reaches it.
 */
export const chainOf = (middlewares: HttpMiddleware[], handle: (event: HttpEvent) => Promise<HttpResult> = async () => reachedAnswer()) => {
  const reached: HttpEvent[] = [];
  const handler = middlewares.reduce(
    (chain, middleware) => chain.use(middleware),
    middy<HttpEvent, HttpResult, Error, Context>(async (event: HttpEvent) => {
      reached.push(event);
      return handle(event);
    }),
  );
  return { invoke: (event: HttpEvent, context: Context = lambdaContext()) => handler(event, context), reached };
};

export type Outcome = { passed: HttpResult; refused?: undefined } | { passed?: undefined; refused: HttpError };

/** A request's fate: answered, or refused with an HttpError. Anything else thrown fails the test. */
export const outcomeOf = async (answer: Promise<HttpResult>): Promise<Outcome> => {
  try {
    return { passed: await answer };
  } catch (error) {
    if (error instanceof HttpError) return { refused: error };
    throw error;
  }
};

/** The fuzz tests' budget: enough to find an edge, few enough to stay in `npm test`. */
export const FUZZ_RUNS = 200;

/** Text of any code points, multibyte and lone surrogates included (fast-check's `unit: 'binary'` takes seconds to warm up). */
export const anyText = (maxLength = 200, size?: fc.SizeForArbitrary): fc.Arbitrary<string> =>
  fc.string({ unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.integer({ min: 0x80, max: 0x10ffff }).map((point) => String.fromCodePoint(point))), maxLength, size });

export type LogLine = Record<string, unknown> & { level: string; message: string };

/**
 * Runs `act` with the shared Powertools logger at INFO and its output captured: every JSON line
 * it printed, parsed. The logger prints through its own Console on stdout and stderr.
 */
export const logged = async <T>(act: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> => {
  const printed: string[] = [];
  const keep = (chunk: unknown): boolean => {
    printed.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  const level = logger.getLevelName();
  // Powertools puts each invocation after the first back to the level the logger was built with (SILENT in tests).
  const refresh = vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  logger.setLogLevel('INFO');
  try {
    const result = await act();
    const lines = printed
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    return { result, lines };
  } finally {
    logger.setLogLevel(level);
    refresh.mockRestore();
    stdout.mockRestore();
    stderr.mockRestore();
  }
};
