import { newLeadRecord, type LeadRecord } from '../core/index.js';
import type { Store, StoredLead } from './store.js';

/** Merges can chain (A into B, later B into C); a bound keeps a corrupt loop from spinning. */
const MAX_MERGE_HOPS = 8;

/** The lead as it stands now: a merged lead answers as the lead it was merged into. */
export const resolveLead = async (store: Store, leadId: string): Promise<StoredLead | undefined> => {
  let found = await store.getLead(leadId);
  for (let hop = 0; found?.mergedInto && hop < MAX_MERGE_HOPS; hop += 1) found = await store.getLead(found.mergedInto);
  return found?.mergedInto ? undefined : found;
};

/** A lead that is not stored yet starts empty under the id it was given. */
export const leadOrNew = (found: StoredLead | undefined, leadId: string, now: Date): { lead: LeadRecord; version: number | undefined } =>
  found ? { lead: found.lead, version: found.version } : { lead: newLeadRecord(leadId, now), version: undefined };
