import { httpErrorOf } from '../app-errors.js';
import { BadRequestError, HttpError, UnsupportedMediaTypeError } from '../errors.js';
import { logger } from '../../../app/logger.js';
import { json, type HttpMiddleware } from './http-types.js';

interface MiddyHttpError extends Error {
  statusCode: number;
  cause?: { package?: string };
}

const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  error instanceof Error && typeof (error as Partial<MiddyHttpError>).statusCode === 'number';

/** middy's own errors, in the SPEC's vocabulary; middy's error stays as the cause. */
const fromMiddy = (error: MiddyHttpError): HttpError => {
  const options = { cause: error };
  if (error.cause?.package === '@middy/http-json-body-parser') {
    // middy answers 415 for malformed JSON too; a JSON body that does not parse is bad input.
    return error.message.startsWith('Invalid or malformed')
      ? new BadRequestError('the body is not valid JSON', undefined, options)
      : new UnsupportedMediaTypeError(undefined, options);
  }
  if (error.statusCode === 404) return new HttpError(404, 'not_found', 'no such route', undefined, {}, options);
  if (error.statusCode === 405) return new HttpError(405, 'method_not_allowed', error.message, undefined, {}, options);
  return new HttpError(error.statusCode, 'error', error.message, undefined, {}, options);
};

/**
 * Turns every error into the SPEC's `{error: {code, message, issues?}}` with its status.
 * middy's http-error-handler answers plain text, which the SPEC does not allow; this is it,
 * reshaped. Errors we cause are answered 500 without details; every 5xx is logged with its
 * error, whose `cause` chain Powertools prints in full: the first error thrown is the one to fix.
 */
export const errorResponse = (): HttpMiddleware => ({
  onError: (request) => {
    if (request.response !== undefined) return;
    const error = request.error;
    const known = httpErrorOf(error) ?? (isMiddyHttpError(error) && error.statusCode < 500 ? fromMiddy(error) : undefined);
    const where = { path: request.event.rawPath, method: request.event.requestContext?.http?.method };
    if (!known) {
      logger.error('request failed', { error: error ?? 'unknown', ...where });
      request.response = json(500, { error: { code: 'internal', message: 'something went wrong on our side; try again' } });
      return;
    }
    // A 5xx of ours that a retry resolves (503 busy): worth a line, not an alarm.
    if (known.status >= 500) logger.warn('request answered with a retryable error', { error: known, status: known.status, ...where });
    request.response = json(
      known.status,
      { error: { code: known.code, message: known.message, ...(known.issues ? { issues: known.issues } : {}) } },
      known.headers,
    );
  },
});
