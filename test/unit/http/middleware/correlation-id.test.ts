import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { afterEach, describe, expect, it } from 'vitest';
import { logger, withCorrelation } from '../../../../functions/app/logger.js';
import { defineRoute } from '../../../../functions/http/framework/route.js';
import { createRouter } from '../../../../functions/http/framework/router.js';
import { correlationId } from '../../../../functions/http/framework/middleware/correlation-id.js';
import { lambdaContext, testDependencies } from '../../../helpers/http.js';
import { anEvent, chainOf, logged } from './chain.js';

/** A route that logs one line while it works, and one that fails with a cause. */
const loggingRoute = defineRoute({
  method: 'GET',
  path: '/v1/test/logs',
  operationId: 'logOneLine',
  summary: 'logs one line',
  access: 'open',
  responses: { 200: { description: 'logged' } },
  handle: async () => {
    logger.info('handling');
    return { status: 200, body: { logged: true } };
  },
});
const failingRoute = defineRoute({
  method: 'GET',
  path: '/v1/test/fails',
  operationId: 'failWithCause',
  summary: 'fails',
  access: 'open',
  responses: { 500: { description: 'failed' } },
  handle: async () => {
    throw new Error('saving the lead failed', { cause: new Error('connect ECONNREFUSED') });
  },
});
const router = createRouter(testDependencies(), [loggingRoute, failingRoute]);
const call = (path: string, requestId: string) => router(anEvent('GET', path, { requestId }), lambdaContext('winnow-public'));

afterEach(() => {
  logger.resetKeys();
});

describe('correlationId', () => {
  it('puts the request’s API Gateway id on every line logged while the request is handled', async () => {
    // Prepare
    const chain = chainOf([correlationId()], async () => {
      logger.info('handling');
      return { statusCode: 204 };
    });

    // Act
    const { lines } = await logged(() => chain.invoke(anEvent('GET', '/healthz', { requestId: 'Jt3nqgHXoAMEVfw=' })));

    // Assess
    expect(lines).toMatchObject([{ message: 'handling', correlation_id: 'Jt3nqgHXoAMEVfw=' }]);
  });

  it('is removed with the request’s other keys by Powertools’ injectLambdaContext, used before it', async () => {
    // Prepare
    const chain = chainOf([injectLambdaContext(logger, { resetKeys: true }), correlationId()]);

    // Act
    const { lines } = await logged(async () => {
      await chain.invoke(anEvent('GET', '/healthz', { requestId: 'request-1' }));
      logger.info('after the request');
    });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty('correlation_id');
  });
});

describe('the router’s logs', () => {
  it('carry the request id and the Lambda context on every line of a request', async () => {
    // Act
    const { lines } = await logged(() => call('/v1/test/logs', 'request-1'));

    // Assess
    expect(lines).toMatchObject([{ message: 'handling', correlation_id: 'request-1', function_name: 'winnow-public', function_request_id: 'request-id', service: 'winnow' }]);
  });

  it('never carry one request’s id on the next request’s lines, nor after it', async () => {
    // Act
    const { lines } = await logged(async () => {
      await call('/v1/test/logs', 'request-1');
      await call('/v1/test/logs', 'request-2');
      logger.info('between requests');
    });

    // Assess
    expect(lines.map((line) => [line.message, line.correlation_id])).toEqual([
      ['handling', 'request-1'],
      ['handling', 'request-2'],
      ['between requests', undefined],
    ]);
  });

  it('log a failed request’s error with its id and its cause chain, then forget the id', async () => {
    // Act
    const { result: response, lines } = await logged(async () => {
      const answer = await call('/v1/test/fails', 'request-3');
      logger.info('after the failure');
      return answer;
    });

    // Assess
    expect(response.statusCode).toBe(500);
    expect(lines).toMatchObject([
      { level: 'ERROR', message: 'request failed', correlation_id: 'request-3', path: '/v1/test/fails', error: { message: 'saving the lead failed', cause: { message: 'connect ECONNREFUSED' } } },
      { message: 'after the failure' },
    ]);
    expect(lines[1]).not.toHaveProperty('correlation_id');
  });

  it('log a failure of the router itself with the request’s id too (the id is reset after the error is logged)', async () => {
    // Prepare
    const event = anEvent('GET', '/v1/test/logs', { requestId: 'request-4' });
    const unreadable = { ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: '' } } };

    // Act
    const { result: response, lines } = await logged(() => router(unreadable, lambdaContext('winnow-public')));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(lines).toMatchObject([{ level: 'ERROR', message: 'request failed', correlation_id: 'request-4', error: { message: 'Unknown http event format' } }]);
    expect(logger.getCorrelationId()).toBeUndefined();
  });
});

describe('withCorrelation (the workers’ correlation id)', () => {
  it('puts the id on every line logged by the work, answers what the work answers, and removes the id after', async () => {
    // Act
    const { result, lines } = await logged(async () => {
      const scored = await withCorrelation('message-1', async () => {
        logger.info('scoring');
        return 'scored';
      });
      logger.info('batch done');
      return scored;
    });

    // Assess
    expect(result).toBe('scored');
    expect(lines.map((line) => [line.message, line.correlation_id])).toEqual([
      ['scoring', 'message-1'],
      ['batch done', undefined],
    ]);
  });

  it('puts back the id that was there before, when the work fails too', async () => {
    // Prepare
    logger.setCorrelationId('sla-run-1');

    // Act
    const failed = withCorrelation('lead-1', async () => {
      throw new Error('escalation failed');
    });

    // Assess
    await expect(failed).rejects.toThrow('escalation failed');
    expect(logger.getCorrelationId()).toBe('sla-run-1');
  });
});
