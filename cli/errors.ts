/** The command line was used wrongly (bad flag, unreadable file, malformed input): exit 2, one line, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
