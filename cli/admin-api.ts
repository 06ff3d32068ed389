import { ErrorOut } from '../functions/http/wire.js';
import { parseJson } from './documents.js';
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

/** The SPEC's error shape, read into one line: `HTTP 400: message (path: issue)`. */
const failureOf = async (response: Response): Promise<string> => {
  const body = parseJson(await response.text());
  const error = ErrorOut.safeParse(body.ok ? body.json : undefined);
  if (!error.success) return `HTTP ${response.status} ${response.statusText}`;
  const issue = error.data.error.issues?.[0];
  return `HTTP ${response.status}: ${error.data.error.message}${issue ? ` (${issue.path}: ${issue.message})` : ''}`;
};

/**
 * GETs an admin route with the token, within the timeout; a network failure or an answer that is
 * not 2xx throws `failed` with one readable line, so each command words its own ending.
 */
export const adminGet = async (host: Host, url: URL, token: string, accept: string, failed: new (message: string, options?: ErrorOptions) => Error): Promise<Response> => {
  let response: Response;
  try {
    response = await host.fetch(url, { headers: { authorization: `Bearer ${token}`, accept }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new failed(`cannot reach ${url.origin}: ${networkReason(error)}`, { cause: error });
  }
  if (!response.ok) throw new failed(await failureOf(response));
  return response;
};
