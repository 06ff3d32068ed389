import { logger } from '../../../app/logger.js';
import type { HttpMiddleware } from './http-types.js';

/**
 * API Gateway's request id on every log line of the request: API Gateway's access log names the
 * same id, and the local host sets one per request too. Powertools' `correlationIdPath` would
 * read it with a JMESPath engine (its optional peer @aws-lambda-powertools/jmespath) for one
 * property; the typed event needs none. `injectLambdaContext({ resetKeys: true })`, used before
 * this one, removes it when the request is answered.
 */
export const correlationId = (): HttpMiddleware => ({
  before: ({ event }) => {
    logger.setCorrelationId(event.requestContext?.requestId);
  },
});
