/** A conditional write lost a race or found its item already there: reload and decide again. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}
