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

/** A refusal worth showing: the SPEC's `{error: {message}}`. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/** Calls the admin API with the kept token; a 401 or 403 ends the session. */
export const adminCall = async <T>(path: string, body?: unknown, token = session.token()): Promise<T> => {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => ({}))) as Partial<ErrorAnswer>;
  if (response.status === 401 || response.status === 403) throw new SignedOutError(answer.error?.message ?? 'signed out');
  if (!response.ok) throw new RefusedError(answer.error?.message ?? `the server answered ${response.status}`);
  return answer as T;
};
