import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Server-issued lead ids that prove themselves: 16 random bytes and a 64-bit MAC of them, in
 * base64url (32 characters). A route tells an id it issued from a made-up one without a read,
 * so nobody creates a lead under an id of their choosing.
 */
export interface LeadIds {
  /** A new lead's id: random. */
  issue(): string;
  /** The same id for the same seed, every time: a retried request lands on the lead its first try made. */
  derive(seed: string): string;
  /** Whether this server issued the id. */
  isIssued(leadId: string): boolean;
}

const RANDOM_BYTES = 16;
const MAC_BYTES = 8;

/** One secret, two uses: lead ids get a key of their own, so no link signature ever passes for one. */
const keyFor = (secret: string): Buffer => createHmac('sha256', secret).update('winnow lead ids v1').digest();

export const createLeadIds = (secret: string | undefined, random: (size: number) => Buffer = randomBytes): LeadIds => {
  const key = () => {
    if (!secret) throw new Error('WINNOW_LINK_SECRET is not set: lead ids and feedback links are signed with it');
    return keyFor(secret);
  };
  const macOf = (body: Buffer) => createHmac('sha256', key()).update(body).digest().subarray(0, MAC_BYTES);
  const idOf = (body: Buffer) => Buffer.concat([body, macOf(body)]).toString('base64url');
  return {
    issue: () => idOf(random(RANDOM_BYTES)),
    derive: (seed) => idOf(createHmac('sha256', key()).update(`seed\n${seed}`).digest().subarray(0, RANDOM_BYTES)),
    isIssued: (leadId) => {
      const bytes = Buffer.from(leadId, 'base64url');
      if (bytes.length !== RANDOM_BYTES + MAC_BYTES || bytes.toString('base64url') !== leadId) return false;
      return timingSafeEqual(bytes.subarray(RANDOM_BYTES), macOf(bytes.subarray(0, RANDOM_BYTES)));
    },
  };
};

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
