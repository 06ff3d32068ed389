import { RateLimitedError } from '../errors.js';
import type { HttpMiddleware } from './http-types.js';

export interface RateLimitOptions {
  perMinute: number;
  now?: () => number;
  /** Buckets kept at most; the oldest are forgotten first, so memory stays bounded. */
  maxClients?: number;
}

/**
 * A token bucket per client address, per container. On AWS the API's stage throttling is the
 * real guard; this one keeps one noisy browser from starving the rest of a local host.
 */
export const rateLimit = ({ perMinute, now = Date.now, maxClients = 10_000 }: RateLimitOptions): HttpMiddleware => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return {
    before: ({ event }) => {
      const client = event.requestContext.http.sourceIp;
      const t = now();
      const bucket = buckets.get(client) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
      buckets.delete(client);
      buckets.set(client, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value ?? client);
      if (bucket.tokens < 1) throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)));
      bucket.tokens -= 1;
    },
  };
};
