/** A conditional write lost a race or found its item already there: reload and decide again. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** A send that may succeed later (throttled, 5xx, timeout): retry the job after `retryAfterSeconds`. */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
