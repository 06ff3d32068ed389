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
