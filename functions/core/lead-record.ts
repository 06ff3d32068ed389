import { applyStep, type AcceptedStep } from './answers.js';
import type { Form } from './form.js';
import { EMAIL_FIELD, emailOf, own, type Answers, type LeadProfile } from './lead.js';

/**
 * Everything Winnow keeps about a lead's profile, as plain data. Storage adds its own
 * bookkeeping (a version for optimistic writes); the rules about it live here.
 */
export interface LeadRecord extends LeadProfile {
  leadId: string;
  /** ISO 8601; the older of two leads survives a merge. */
  createdAt: string;
  updatedAt: string;
  /** When each field got its current answer (ISO 8601): on a merge, the newest answer wins. */
  answeredAt: Record<string, string>;
  /** Submissions already applied, so a replayed one changes nothing. */
  submissionIds: string[];
  /** Leads merged into this one: their events are this lead's too. */
  mergedFrom: string[];
  /** The form last submitted: its playbook scores the lead. */
  lastFormId?: string;
  playbookId?: string;
  /** First touch: the form and utm_source of the first submission, for the funnel report. */
  source?: { formId: string; utmSource?: string };
}

export const newLeadRecord = (leadId: string, now: Date): LeadRecord => {
  const at = now.toISOString();
  return { leadId, createdAt: at, updatedAt: at, answers: {}, answeredAt: {}, skipped: {}, submissionIds: [], mergedFrom: [] };
};

/** The playbook that scores a lead: its last form's, else the SPEC's `default`. */
export const DEFAULT_PLAYBOOK = 'default';
export const playbookOf = (lead: Pick<LeadRecord, 'playbookId'> | undefined): string => lead?.playbookId ?? DEFAULT_PLAYBOOK;

/** Applies an accepted step; a submission already applied leaves the lead as it is. */
export const recordStep = (
  lead: LeadRecord,
  form: Form,
  step: AcceptedStep,
  submission: { submissionId: string; at: Date; utmSource?: string },
): LeadRecord => {
  if (lead.submissionIds.includes(submission.submissionId)) return lead;
  const at = submission.at.toISOString();
  const answeredAt = { ...lead.answeredAt };
  for (const field of Object.keys(step.answers)) answeredAt[field] = at;
  return {
    ...lead,
    ...applyStep(form, lead, step),
    updatedAt: at,
    answeredAt,
    submissionIds: [...lead.submissionIds, submission.submissionId],
    lastFormId: form.id,
    playbookId: form.playbook,
    source: lead.source ?? { formId: form.id, ...(submission.utmSource ? { utmSource: submission.utmSource } : {}) },
  };
};

/** Which of two leads survives when they turn out to be one person: the older. */
export const survivorOf = <T extends Pick<LeadRecord, 'leadId' | 'createdAt'>>(a: T, b: T): { survivor: T; absorbed: T } =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.leadId < b.leadId)
    ? { survivor: a, absorbed: b }
    : { survivor: b, absorbed: a };

/** One person, two profiles: answers and events kept, newest answer wins per field. */
export const mergeLeads = (survivor: LeadRecord, absorbed: LeadRecord): LeadRecord => {
  if (survivor.mergedFrom.includes(absorbed.leadId)) return survivor;
  const answers: Answers = { ...survivor.answers };
  const answeredAt = { ...survivor.answeredAt };
  for (const [field, answer] of Object.entries(absorbed.answers)) {
    const theirs = own(absorbed.answeredAt, field) ?? absorbed.createdAt;
    const ours = own(survivor.answeredAt, field);
    if (ours === undefined || theirs > ours) {
      answers[field] = answer;
      answeredAt[field] = theirs;
    }
  }
  const skipped: Record<string, string[]> = { ...survivor.skipped };
  for (const [formId, fields] of Object.entries(absorbed.skipped)) {
    skipped[formId] = [...new Set([...(own(skipped, formId) ?? []), ...fields])];
  }
  const newer = absorbed.updatedAt > survivor.updatedAt;
  return {
    ...survivor,
    updatedAt: newer ? absorbed.updatedAt : survivor.updatedAt,
    answers,
    answeredAt,
    skipped,
    submissionIds: [...new Set([...survivor.submissionIds, ...absorbed.submissionIds])],
    mergedFrom: [...new Set([...survivor.mergedFrom, absorbed.leadId, ...absorbed.mergedFrom])],
    ...(survivor.source || !absorbed.source ? {} : { source: absorbed.source }),
    ...(newer && absorbed.lastFormId ? { lastFormId: absorbed.lastFormId, playbookId: absorbed.playbookId } : {}),
  };
};

/** The email a step gives that the lead did not have: the moment to look for a twin. */
export const newEmailIn = (lead: LeadRecord, step: AcceptedStep): string | undefined => {
  const email = own(step.answers, EMAIL_FIELD);
  return typeof email === 'string' && email !== emailOf(lead.answers) ? email : undefined;
};
