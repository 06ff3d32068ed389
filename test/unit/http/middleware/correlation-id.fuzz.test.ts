import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logger } from '../../../../functions/app/logger.js';
import { correlationId } from '../../../../functions/http/framework/middleware/correlation-id.js';
import { anEvent, anyText, chainOf, FUZZ_RUNS, logged } from './chain.js';

const chain = chainOf([injectLambdaContext(logger, { resetKeys: true }), correlationId()], async () => {
  logger.info('handling');
  return { statusCode: 204 };
});

describe('correlationId under arbitrary request ids (fast-check)', () => {
  it('logs any request id as it came, on the request’s lines only', async () => {
    await fc.assert(
      // Powertools leaves an empty value off a line; API Gateway never sends an empty id.
      fc.asyncProperty(anyText(80).filter((id) => id !== ''), fc.dictionary(anyText(20), anyText(40), { maxKeys: 4 }), async (requestId, headers) => {
        // Act
        const { lines } = await logged(async () => {
          await chain.invoke(anEvent('GET', '/healthz', { requestId, headers }));
          logger.info('after');
        });

        // Assess
        expect(lines.map((line) => line.correlation_id)).toEqual([requestId, undefined]);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
