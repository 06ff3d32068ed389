import { h } from '../src/dom.js';
import type { ErrorAnswer } from './types.js';
const KEY = 'winnow.adminToken';

/** Kept for this tab only (sessionStorage): closing it signs out. */
export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  keep: (token: string): void => sessionStorage.setItem(KEY, token),
  forget: (): void => sessionStorage.removeItem(KEY),
};

export class SignedOutError extends Error {
  override readonly name = 'SignedOutError';
}

type Issues = NonNullable<ErrorAnswer['error']['issues']>;

/** A refusal worth showing: the SPEC's `{error: {code, message, issues?}}`, with its status to branch on. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
  constructor(
    message: string,
    readonly status: number,
    readonly code = '',
    readonly issues: Issues = [],
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const request = async <T>(method: Method, path: string, body: unknown, token: string | null): Promise<T> => {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // A 204 has no body: its answer is `{}`.
  const answer = (await response.json().catch(() => ({}))) as Partial<ErrorAnswer>;
  if (response.status === 401 || response.status === 403) throw new SignedOutError(answer.error?.message ?? 'signed out');
  if (!response.ok) throw new RefusedError(answer.error?.message ?? `the server answered ${response.status}`, response.status, answer.error?.code, answer.error?.issues);
  return answer as T;
};

/** Calls the admin API with the kept token (GET, or POST with a body); a 401 or 403 ends the session. */
export const adminCall = <T>(path: string, body?: unknown, token = session.token()): Promise<T> => request<T>(body === undefined ? 'GET' : 'POST', path, body, token);

/** PUT or DELETE on the admin API, with the kept token. */
export const adminSend = (method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> => request<unknown>(method, path, body, session.token()).then(() => undefined);

/** Any method on the admin API with the kept token, answering its body: a PUT that answers (a new webhook endpoint's secret), a POST with no body. */
export const adminAsk = <T>(method: Method, path: string, body?: unknown): Promise<T> => request<T>(method, path, body, session.token());

/** What a refusal says, its field-level issues included: the page shows it as it is. */
export const refusal = (error: unknown, otherwise: string): string => {
  if (!(error instanceof RefusedError)) return otherwise;
  const more = error.issues.filter((issue) => !error.message.includes(issue.message)).map((issue) => `${issue.path}: ${issue.message}`);
  return [error.message, ...more].join('; ');
};

/**
 * Downloads a file the admin API answers (the CSV export): the token travels in a header, which a
 * plain link cannot send, so the page fetches it and hands the browser the bytes. Answers whether
 * the API said more pages remain (`Link: rel="next"`).
 */
export const adminDownload = async (path: string, filename: string): Promise<boolean> => {
  const response = await fetch(path, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
  if (response.status === 401 || response.status === 403) throw new SignedOutError('signed out');
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as Partial<ErrorAnswer>;
    throw new RefusedError(answer.error?.message ?? `the server answered ${response.status}`, response.status, answer.error?.code, answer.error?.issues);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the bytes to the browser's download; the next tick may let them go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return /rel="next"/.test(response.headers.get('link') ?? '');
};
