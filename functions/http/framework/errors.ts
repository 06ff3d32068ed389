import type { Issue } from '../../core/index.js';

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
  constructor(message = 'an admin bearer token is required', options?: ErrorOptions) {
    super(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer' }, options);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(403, 'forbidden', message, undefined, {}, options);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limit: number, options?: ErrorOptions) {
    super(413, 'payload_too_large', `the body is over ${limit / 1024} KiB`, undefined, {}, options);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(message = 'send JSON with content-type: application/json', options?: ErrorOptions) {
    super(415, 'unsupported_media_type', message, undefined, {}, options);
  }
}

export class RateLimitedError extends HttpError {
  constructor(retryAfterSeconds: number, options?: ErrorOptions) {
    super(429, 'rate_limited', `too many requests: retry in ${retryAfterSeconds} s`, undefined, { 'retry-after': String(retryAfterSeconds) }, options);
  }
}
