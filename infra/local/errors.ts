/** A start-up failure the user can fix (a port in use, a broken example): printed as one line, exit 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
