import { HttpError } from '../errors.js';
import { logger } from '../../../adapters/logger.js';
import { json, type HttpMiddleware } from './http-types.js';

interface MiddyHttpError extends Error {
  statusCode: number;
  cause?: { package?: string };
}

const isMiddyHttpError = (error: unknown): error is MiddyHttpError =>
  error instanceof Error && typeof (error as Partial<MiddyHttpError>).statusCode === 'number';

/** middy's own errors, in the SPEC's vocabulary. */
const fromMiddy = (error: MiddyHttpError): HttpError => {
  if (error.cause?.package === '@middy/http-json-body-parser') {
    // middy answers 415 for malformed JSON too; a JSON body that does not parse is bad input.
    return error.message.startsWith('Invalid or malformed')
      ? new HttpError(400, 'bad_request', 'the body is not valid JSON')
      : new HttpError(415, 'unsupported_media_type', 'send JSON with content-type: application/json');
  }
  if (error.statusCode === 404) return new HttpError(404, 'not_found', 'no such route');
  if (error.statusCode === 405) return new HttpError(405, 'method_not_allowed', error.message);
  return new HttpError(error.statusCode, 'error', error.message);
};

/**
 * Turns every error into the SPEC's `{error: {code, message, issues?}}` with its status.
 * middy's http-error-handler answers plain text, which the SPEC does not allow; this is it,
 * reshaped. Errors we cause are logged with context and answered 500 without details.
 */
export const errorResponse = (): HttpMiddleware => ({
  onError: (request) => {
    if (request.response !== undefined) return;
    const error = request.error;
    const known = error instanceof HttpError ? error : isMiddyHttpError(error) && error.statusCode < 500 ? fromMiddy(error) : undefined;
    if (!known) {
      logger.error('request failed', { error: error ?? 'unknown', path: request.event.rawPath, method: request.event.requestContext.http.method });
      request.response = json(500, { error: { code: 'internal', message: 'something went wrong on our side; try again' } });
      return;
    }
    request.response = json(
      known.status,
      { error: { code: known.code, message: known.message, ...(known.issues ? { issues: known.issues } : {}) } },
      known.headers,
    );
  },
});
