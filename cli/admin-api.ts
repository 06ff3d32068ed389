import { UsageError } from './errors.js';
import type { Host } from './host.js';

/** A slow API should fail the command, not hang a CI job forever. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `--api URL`, checked, without a trailing slash: paths are appended to it. */
export const apiBase = (command: string, value: string | undefined): string => {
  if (value === undefined) throw new UsageError(`${command} needs --api URL (see winnow ${command} --help)`);
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) {
    throw new UsageError(`--api must be an http:// or https:// URL, not "${value}"`);
  }
  return value.replace(/\/+$/, '');
};

export const adminToken = (command: string, host: Host): string => {
  const token = host.env.WINNOW_ADMIN_TOKEN;
  if (!token) throw new UsageError(`${command} needs the admin token in WINNOW_ADMIN_TOKEN`);
  return token;
};

/** fetch hides the socket error (ECONNREFUSED, ENOTFOUND) in `cause`. */
export const networkReason = (error: unknown): string => {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
  return error instanceof Error ? error.message : String(error);
};
