import type { Issue } from '../../core/index.js';
import { LeadErasedError } from '../../app/errors.js';

/** An error a caller caused, answered in the SPEC's shape `{error: {code, message, issues?}}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, issues?: Issue[], options?: ErrorOptions) {
    super(400, 'bad_request', message, issues, {}, options);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'an admin bearer token is required') {
    super(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class ConflictHttpError extends HttpError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** Stripe's and Powertools' rule: an idempotency key names one request, and another body under it is refused. */
export class IdempotencyKeyReusedError extends HttpError {
  constructor(key: 'submissionId' | 'eventId') {
    super(409, 'idempotency_key_reused', `this ${key} was sent before with another body; send a new ${key} for a new request`, [
      { path: key, message: 'was used before for another request' },
    ]);
  }
}

/** The request is fine and its work is stored, but could not finish now: the same request again will. */
export class ServiceUnavailableError extends HttpError {
  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(503, 'busy', message, undefined, { 'retry-after': String(retryAfterSeconds) }, options);
  }
}

/** The lead was erased again and again while the request was being stored: nothing is kept, and a retry starts a new lead. */
export const erasedMeanwhile = (options?: ErrorOptions): ServiceUnavailableError =>
  new ServiceUnavailableError('this lead was erased while the request was stored; send it again to start a new lead', 1, options);

/** For a `catch`: the SPEC's retryable answer in place of a LeadErasedError, any other error as it was. */
export const erasedTooOften = (error: unknown): never => {
  if (error instanceof LeadErasedError) throw erasedMeanwhile({ cause: error });
  throw error;
};

/** Lead ids are issued by the server: a made-up one names no lead and creates none. */
export const unknownLeadId = (path = 'leadId'): BadRequestError =>
  new BadRequestError('this leadId was not issued by Winnow', [{ path, message: 'must be a leadId issued by Winnow (from GET /v1/forms/{formId}/next)' }]);

export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, 'payload_too_large', `the body is over ${limit / 1024} KiB`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(message = 'send JSON with content-type: application/json') {
    super(415, 'unsupported_media_type', message);
  }
}

export class RateLimitedError extends HttpError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `too many requests: retry in ${retryAfterSeconds} s`, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}
