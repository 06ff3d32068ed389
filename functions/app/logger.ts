import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs; POWERTOOLS_LOG_LEVEL tunes them (the tests and the local host quieten them).
 * The HTTP router adds the Lambda context and the request's correlation id to every line, and
 * resets them after each request (functions/http/framework/router.ts).
 */
export const logger = new Logger({ serviceName: 'winnow' });

/**
 * Runs one unit of a worker's work (one SQS message, one scheduled run) with `correlationId` on
 * every line it logs, then puts back the id that was there before, if any. The logger's keys are
 * shared by the whole container, so units must run one at a time: the scorer's are.
 */
export const withCorrelation = async <T>(correlationId: string, work: () => Promise<T>): Promise<T> => {
  const previous = logger.getCorrelationId();
  logger.setCorrelationId(correlationId);
  try {
    return await work();
  } finally {
    if (previous === undefined) logger.removeKeys(['correlation_id']);
    else logger.setCorrelationId(previous);
  }
};
