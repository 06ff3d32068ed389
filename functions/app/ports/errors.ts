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

/**
 * Another worker holds a notification's claim until its lease ends: not a failure. The job
 * waits that long and comes back, and only then finds the notification sent or the claim stale.
 */
export class ClaimBusyError extends RetryLaterError {
  override name = 'ClaimBusyError';
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(message, retryAfterSeconds);
  }
}

/** A paging cursor that this store did not hand out (edited, truncated or from another list). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}
