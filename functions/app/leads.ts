import type { LeadRecord } from '../core/index.js';
import { isErased, type Store, type StoredLead } from './ports/store.js';
import type { LeadIds } from './ports/lead-ids.js';
import { LeadErasedError } from './errors.js';

/** Merges can chain (A into B, later B into C); a bound keeps a corrupt loop from spinning. */
const MAX_HOPS = 8;
/** Successors of an erased id tried before a request racing erasures gives up (and asks for a retry). */
export const MAX_LIVES = 3;

/** The lead as sales and scoring see it: an alias answers as the lead it was merged into; an erased lead is gone. */
export const resolveLead = async (store: Pick<Store, 'getLead'>, leadId: string): Promise<StoredLead | undefined> => {
  let found = await store.getLead(leadId);
  for (let hop = 0; found && !isErased(found) && found.lead.mergedInto && hop < MAX_HOPS; hop += 1) found = await store.getLead(found.lead.mergedInto);
  return found && !isErased(found) && !found.lead.mergedInto ? found : undefined;
};

/**
 * The other live lead behind `id` (an alias answers as the lead it belongs to), unless it is
 * `own` or one of its aliases: typing another lead's email makes one person of two devices.
 */
export const twinOf = async (store: Pick<Store, 'getLead'>, own: Pick<LeadRecord, 'leadId' | 'mergedFrom'>, id: string): Promise<StoredLead | undefined> => {
  if (id === own.leadId) return undefined;
  const twin = await resolveLead(store, id);
  return twin && twin.lead.leadId !== own.leadId && !own.mergedFrom.includes(twin.lead.leadId) ? twin : undefined;
};

/** The id an erased lead's id hands on to: the same every time, so retries of one request meet again. */
export const successorOf = (leadIds: LeadIds, erasedId: string): string => leadIds.derive(`successor\n${erasedId}`);

export type PublicLead =
  /** An id this server issued (or a lead stored before ids were signed), with its own profile if stored. */
  | { ok: true; leadId: string; found?: StoredLead }
  | { ok: false };

/**
 * The lead a browser names, as its own profile (an alias's own, not its survivor's: a device
 * is shown only what it answered). A made-up id is refused; an erased one hands on to its successor.
 */
export const publicLead = async (store: Pick<Store, 'getLead'>, leadIds: LeadIds, given: string): Promise<PublicLead> => {
  let leadId = given;
  let found = await store.getLead(leadId);
  // Ids from before ids were signed prove themselves by their stored lead; that costs this read only.
  if (!found && !leadIds.isIssued(leadId)) return { ok: false };
  for (let hop = 0; isErased(found) && hop < MAX_LIVES; hop += 1) {
    leadId = successorOf(leadIds, leadId);
    found = await store.getLead(leadId);
  }
  if (isErased(found)) throw new LeadErasedError(leadId);
  return { ok: true, leadId, ...(found ? { found } : {}) };
};
