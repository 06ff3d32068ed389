import { absorbAlias, newEmailIn, newLeadRecord, recordAliasStep, recordStep, type AcceptedStep, type Form, type LeadRecord } from '../core/index.js';
import { isErased, type ErasedLead, type Store, type StoredLead, type SubmissionRecord } from './ports/store.js';
import { LeadErasedError } from './errors.js';
import { resolveLead, twinOf } from './leads.js';
import { retryOnConflict } from './retry.js';

type Applier = Pick<Store, 'getLead' | 'saveLead' | 'leadsByEmail'>;

/** The leads that had an email when the caller looked it up (`leadsByEmail`). */
export interface EmailLookup {
  email: string;
  leadIds: readonly string[];
}

/** What the caller read just before, so that applying reads it no second time. */
export interface Known {
  /** The profile of the step's id (`found` undefined: none stored then). */
  profile?: { found: StoredLead | ErasedLead | undefined };
  /** Who had the step's email: looked up beside the record's put, as the twin is needed only now. */
  withEmail?: EmailLookup;
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
 * The other live lead that had the email this step gives the lead: the two are one person.
 * The caller's lookup is used when it is of this very email; a step applied later (the scorer
 * finishing one whose request crashed) looks it up itself. A record stored by an earlier
 * version names the twin it found then (`mergeWith`).
 */
const twinFor = async (store: Applier, lead: LeadRecord, record: SubmissionRecord, step: AcceptedStep, withEmail: EmailLookup | undefined): Promise<StoredLead | undefined> => {
  if (record.mergeWith) return twinOf(store, lead, record.mergeWith);
  const email = newEmailIn(lead, step);
  if (!email) return undefined;
  const leadIds = withEmail?.email === email ? withEmail.leadIds : await store.leadsByEmail(email);
  for (const id of leadIds) {
    const twin = await twinOf(store, lead, id);
    if (twin) return twin;
  }
  return undefined;
};

/**
 * Step 1: the step on the profile of the id it was given under. When its email is another
 * lead's, this device becomes that lead's alias, whichever is older: typing an email proves
 * nothing, so the lead that had it keeps it. Answers the profile and the twin as read.
 */
const applyToOwn = (store: Applier, record: SubmissionRecord, form: Form, known: Known): Promise<{ own: LeadRecord; twin?: StoredLead }> =>
  retryOnConflict(async (attempt) => {
    // The caller's read saves one on the first try; a lost race reads again.
    const found = attempt === 1 && known.profile ? known.profile.found : await store.getLead(record.leadId);
    if (isErased(found)) throw new LeadErasedError(record.leadId);
    const lead = found?.lead ?? newLeadRecord(record.leadId, new Date(record.at));
    // Applied already (a replay, or the scorer after the API): nothing to change, nor a twin to look for.
    if (lead.submissionIds.includes(record.submissionId)) return { own: lead };
    const { step, source } = stepOf(record);
    const twin = lead.mergedInto ? undefined : await twinFor(store, lead, record, step, known.withEmail);
    const updated = recordStep(twin ? { ...lead, mergedInto: twin.lead.leadId } : lead, form, step, source);
    await store.saveLead(updated, found?.version);
    return { own: updated, ...(twin ? { twin } : {}) };
  });

/**
 * Step 2, for an alias: the lead it belongs to takes the step, never over an answer of its own.
 * The twin step 1 read is that lead as it was a moment ago: the save is conditional on its
 * version, so a lead changed (or erased) since loses the race and is read again.
 */
const applyToSurvivor = (store: Applier, alias: LeadRecord, record: SubmissionRecord, form: Form, twin: StoredLead | undefined): Promise<void> =>
  retryOnConflict(async (attempt) => {
    const survivor = attempt === 1 && twin?.lead.leadId === alias.mergedInto ? twin : await resolveLead(store, alias.leadId);
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
export const applySubmission = async (store: Applier, record: SubmissionRecord, form: Form, known: Known = {}): Promise<void> => {
  const { own, twin } = await applyToOwn(store, record, form, known);
  if (own.mergedInto) await applyToSurvivor(store, own, record, form, twin);
};
