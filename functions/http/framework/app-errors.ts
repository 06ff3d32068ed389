import { AppError, BusyError, FollowUpRequiredError, IdempotencyKeyReusedError, InvalidRequestError, NotFoundError, StateConflictError } from '../../app/errors.js';
import { HttpError } from './errors.js';

/** A use case's refusal in the SPEC's HTTP vocabulary; undefined for anything else (a bug, answered 500). */
export const httpErrorOf = (error: unknown): HttpError | undefined => {
  if (error instanceof HttpError) return error;
  if (!(error instanceof AppError)) return undefined;
  const options = { cause: error };
  if (error instanceof InvalidRequestError) return new HttpError(400, 'bad_request', error.message, error.issues, {}, options);
  if (error instanceof NotFoundError) return new HttpError(404, 'not_found', error.message, error.issues, {}, options);
  if (error instanceof IdempotencyKeyReusedError) return new HttpError(409, 'idempotency_key_reused', error.message, error.issues, {}, options);
  if (error instanceof FollowUpRequiredError) return new HttpError(409, 'follow_up_required', error.message, undefined, {}, options);
  if (error instanceof StateConflictError) return new HttpError(409, 'conflict', error.message, undefined, {}, options);
  if (error instanceof BusyError) return new HttpError(503, 'busy', error.message, undefined, { 'retry-after': String(error.retryAfterSeconds) }, options);
  return undefined;
};
