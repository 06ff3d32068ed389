import type { Issue } from '../core/index.js';

/** An error a caller caused, answered in the SPEC's shape `{error: {code, message, issues?}}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, issues?: Issue[]) {
    super(400, 'bad_request', message, issues);
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
