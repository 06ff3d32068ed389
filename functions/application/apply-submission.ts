import { absorbAlias, newLeadRecord, recordAliasStep, recordStep, survivorOf, type Form, type LeadRecord } from '../core/index.js';
import { isErased, type Store, type SubmissionRecord } from '../adapters/store.js';
import { LeadErasedError } from './errors.js';
import { resolveLead } from './leads.js';
import { retryOnConflict } from './retry.js';

type Applier = Pick<Store, 'getLead' | 'saveLead' | 'markMerged'>;

const stepOf = (record: SubmissionRecord) => ({
  step: { answers: record.answers as LeadRecord['answers'], skipped: record.skipped },
  source: {
    submissionId: record.submissionId,
    at: new Date(record.at),
    ...(typeof record.context?.utm === 'object' && record.context.utm !== null && 'utm_source' in record.context.utm
      ? { utmSource: String(record.context.utm.utm_source) }
      : {}),
  },
});

/**
 * The other lead with the step's email, as it stands now: a lead already merged into this
 * one is handed back as such, so a crash between the two writes of a merge heals.
 */
const twinOf = async (store: Applier, own: LeadRecord, twinId: string) => {
  const raw = await store.getLead(twinId);
  if (!raw || isErased(raw)) return undefined;
  if (raw.lead.mergedInto === own.leadId) return own.mergedFrom.includes(twinId) ? undefined : raw.lead;
  const twin = await resolveLead(store, twinId);
  return twin && twin.lead.leadId !== own.leadId && !own.mergedFrom.includes(twin.lead.leadId) ? twin.lead : undefined;
};

/** Step 1: the step on the profile of the id it was given under, and the merge its email calls for. */
const applyToOwn = (store: Applier, record: SubmissionRecord, form: Form): Promise<LeadRecord> =>
  retryOnConflict(async () => {
    const found = await store.getLead(record.leadId);
    if (isErased(found)) throw new LeadErasedError(record.leadId);
    let lead = found?.lead ?? newLeadRecord(record.leadId, new Date(record.at));
    const twin = record.mergeWith && !lead.mergedInto ? await twinOf(store, lead, record.mergeWith) : undefined;
    if (twin && survivorOf(twin, lead).survivor === twin) {
      // The older lead survives; this device's id becomes its alias and keeps its own answers.
      lead = { ...lead, mergedInto: twin.leadId };
    } else if (twin) {
      // This lead is the older: the other becomes its alias. Pointing it here first means a crash
      // before the save below is healed by the next try, which finds it pointing here.
      await store.markMerged(twin.leadId, lead.leadId);
      lead = absorbAlias(lead, twin);
    }
    const { step, source } = stepOf(record);
    const updated = recordStep(lead, form, step, source);
    if (updated !== found?.lead) await store.saveLead(updated, found?.version);
    return updated;
  });

/** Step 2, for an alias: the lead it belongs to takes the step, never over an answer of its own. */
const applyToSurvivor = (store: Applier, alias: LeadRecord, record: SubmissionRecord, form: Form): Promise<void> =>
  retryOnConflict(async () => {
    const survivor = await resolveLead(store, alias.leadId);
    if (!survivor) throw new LeadErasedError(alias.leadId);
    const { step, source } = stepOf(record);
    const updated = survivor.lead.mergedFrom.includes(alias.leadId) ? recordAliasStep(survivor.lead, alias.leadId, form, step, source) : absorbAlias(survivor.lead, alias);
    if (updated !== survivor.lead) await store.saveLead(updated, survivor.version);
  });

/**
 * Applies a stored submission: to the profile of the id it was given under, then, when that id
 * is an alias, to the lead it belongs to. Safe to run any number of times and after a crash
 * between any two writes: each profile lists the submissions it took. The API runs it before
 * its 202; the scorer runs it again for one that never got that far.
 */
export const applySubmission = async (store: Applier, record: SubmissionRecord, form: Form): Promise<void> => {
  const own = await applyToOwn(store, record, form);
  if (own.mergedInto) await applyToSurvivor(store, own, record, form);
};
