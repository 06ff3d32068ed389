
export interface Answered {
  status: number;
  body: unknown;
}

/** Waits between tries; a 429's Retry-After is obeyed up to the last one. */
const RETRY_DELAYS_MS = [700, 2_000];
const MAX_RETRY_AFTER_MS = 10_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const worthRetrying = (status: number): boolean => status === 429 || status >= 500;

/**
 * One call to the API, retried on a network failure, a 5xx or a 429. Safe because every call
 * is idempotent: a GET, or a POST carrying its own submissionId or eventId. Throws when the
 * network failed every time.
 */
export const call = async (url: string, body?: unknown): Promise<Answered> => {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  for (let attempt = 0; ; attempt += 1) {
    const last = attempt >= RETRY_DELAYS_MS.length;
    let response: Response | undefined;
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (last) throw error;
    }
    if (response && (last || !worthRetrying(response.status))) {
      return { status: response.status, body: await response.json().catch(() => ({})) };
    }
    const retryAfter = Number(response?.headers.get('retry-after')) * 1000;
    await pause(retryAfter > 0 ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : (RETRY_DELAYS_MS[attempt] ?? 0));
  }
};
