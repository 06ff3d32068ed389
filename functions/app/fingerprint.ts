import { createHash } from 'node:crypto';

/**
 * A request's body reduced to a digest, keys sorted at every level: the same body sent again
 * (a retry) matches, and another body under the same idempotency key does not.
 */
export const fingerprintOf = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('base64url');

/** An idempotency key sent again with another body; a record stored before digests matches any. */
export const isReused = (stored: { fingerprint?: string }, fingerprint: string): boolean => stored.fingerprint !== undefined && stored.fingerprint !== fingerprint;

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};
