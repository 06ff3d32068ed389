import { RetryLaterError } from '../app/ports/errors.js';
import type { Slack, SlackMessage } from '../app/ports/notifiers.js';

export type { Slack, SlackMessage } from '../app/ports/notifiers.js';

const TIMEOUT_MS = 10_000;

/** Slack's incoming webhooks: 200 "ok", 429 with Retry-After when rate limited, 5xx when Slack is down. */
export class SlackWebhook implements Slack {
  constructor(
    private readonly url: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async post(message: SlackMessage): Promise<void> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new RetryLaterError(`Slack unreachable: ${(error as Error).message}`);
    }
    if (response.ok) return;
    const detail = (await response.text().catch(() => '')).slice(0, 200);
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new RetryLaterError(`Slack rate limited: ${detail}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    if (response.status >= 500) throw new RetryLaterError(`Slack answered ${response.status}: ${detail}`);
    // 4xx (a revoked webhook, a bad payload) will not heal by itself, but it still goes the retry → DLQ way: never silently.
    throw new Error(`Slack refused the message (${response.status}): ${detail}`);
  }
}
