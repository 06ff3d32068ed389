import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LeadIds } from '../app/ports/lead-ids.js';

export type { LeadIds } from '../app/ports/lead-ids.js';

const RANDOM_BYTES = 16;
const MAC_BYTES = 8;

/** One secret, two uses: lead ids get a key of their own, so no link signature ever passes for one. */
const keyFor = (secret: string): Buffer => createHmac('sha256', secret).update('winnow lead ids v1').digest();

export const createLeadIds = (secret: string | undefined, random: (size: number) => Buffer = randomBytes): LeadIds => {
  // Derived on the first id rather than at build: a function that never signs an id runs without the secret.
  let derived: Buffer | undefined;
  const key = () => {
    if (!secret) throw new Error('WINNOW_LINK_SECRET is not set: lead ids and feedback links are signed with it');
    return (derived ??= keyFor(secret));
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
