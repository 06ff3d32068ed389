import { absorbAlias, newLeadRecord, recordAliasStep, recordStep, type Form, type LeadRecord } from '../core/index.js';
import { isErased, type ErasedLead, type Store, type StoredLead, type SubmissionRecord } from './ports/store.js';
import { LeadErasedError } from './errors.js';
import { resolveLead, twinOf } from './leads.js';
import { retryOnConflict } from './retry.js';

type Applier = Pick<Store, 'getLead' | 'saveLead'>;

/** The profile of the step's id as the caller just read it (`found` undefined: none stored then). */
interface Known {
  found: StoredLead | ErasedLead | undefined;
}

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
 * Step 1: the step on the profile of the id it was given under. When its email is another
 * lead's, this device becomes that lead's alias, whichever is older: typing an email proves
 * nothing, so the lead that had it keeps it.
 */
const applyToOwn = (store: Applier, record: SubmissionRecord, form: Form, read?: Known): Promise<LeadRecord> =>
  retryOnConflict(async (attempt) => {
    // The caller's read saves one on the first try; a lost race reads again.
    const found = attempt === 1 && read ? read.found : await store.getLead(record.leadId);
    if (isErased(found)) throw new LeadErasedError(record.leadId);
    let lead = found?.lead ?? newLeadRecord(record.leadId, new Date(record.at));
    const twin = record.mergeWith && !lead.mergedInto ? (await twinOf(store, lead, record.mergeWith))?.lead : undefined;
    if (twin) lead = { ...lead, mergedInto: twin.leadId };
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
 * between any two writes: the device's profile lists the submissions it took, and an alias's
 * answers already on its lead change nothing. The API runs it before its 202; the scorer runs
 * it again for one that never got that far.
 */
export const applySubmission = async (store: Applier, record: SubmissionRecord, form: Form, read?: Known): Promise<void> => {
  const own = await applyToOwn(store, record, form, read);
  if (own.mergedInto) await applyToSurvivor(store, own, record, form);
};
