/**
 * An item the table holds that is not what the store wrote there: a bug or a hand edit, never a
 * request's fault. Thrown rather than cast, so the item's key reaches the logs, not a wrong value.
 */
export class MalformedItemError extends Error {
  override name = 'MalformedItemError';
}
