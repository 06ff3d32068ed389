import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; POWERTOOLS_LOG_LEVEL tunes them (the tests and the local host quieten them). */
export const logger = new Logger({ serviceName: 'winnow' });
