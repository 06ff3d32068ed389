import { applyStep, type AcceptedStep } from './answers.js';
import type { Form } from './form.js';
import { EMAIL_FIELD, emailOf, own, type Answer, type Answers, type LeadProfile } from './lead.js';

/** An answer given under another device's id that turned out to be this lead's (an alias). */
export interface AliasAnswer {
  value: Answer;
  /** ISO 8601 */
  at: string;
  /** The alias it was given under. */
  leadId: string;
}

/** An alias's answer that differs from one the lead gave itself: kept for sales, never applied. */
export interface AnswerClaim extends AliasAnswer {
  field: string;
}

/** Sales reads every conflicting claim; a bound keeps a hostile device from growing the item without end. */
export const MAX_CLAIMS = 50;

/**
 * Everything Winnow keeps about a lead's profile, as plain data. Storage adds its own
 * bookkeeping (a version for optimistic writes); the rules about it live here.
 *
 * `answers`, `answeredAt` and `skipped` are the lead's own: given under this leadId. Typing
 * an email proves nothing, so what a device answered under another id (an alias, merged
 * into this lead) lives apart, in `aliasAnswers` and `claims`, and never replaces them.
 */
export interface LeadRecord extends LeadProfile {
  leadId: string;
  /** ISO 8601; the older of two leads survives a merge. */
  createdAt: string;
  updatedAt: string;
  /** When each field got its current answer (ISO 8601). */
  answeredAt: Record<string, string>;
  /** Submissions already applied, so a replayed one changes nothing. */
  submissionIds: string[];
  /** Aliases: leads merged into this one. Their events are this lead's too. */
  mergedFrom: string[];
  /** Set once this lead turned out to be another, older lead: this id is now that lead's alias. */
  mergedInto?: string;
  /** Per field, the newest answer given under an alias: it counts where the lead gave none itself. */
  aliasAnswers?: Record<string, AliasAnswer>;
  /** Answers given under an alias that differ from the lead's own, oldest first. */
  claims?: AnswerClaim[];
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

/** What scoring, sales and the admin page read: the lead's own answers, and its aliases' where it gave none. */
export const answersOf = (lead: Pick<LeadRecord, 'answers' | 'aliasAnswers'>): Answers => {
  const answers: Answers = {};
  for (const [field, { value }] of Object.entries(lead.aliasAnswers ?? {})) answers[field] = value;
  return { ...answers, ...lead.answers };
};

export interface StepSource {
  submissionId: string;
  at: Date;
  utmSource?: string;
}

/** What every accepted step changes, under whichever id it was given. */
const stepBookkeeping = (lead: LeadRecord, form: Form, { submissionId, at, utmSource }: StepSource) => ({
  updatedAt: at.toISOString() > lead.updatedAt ? at.toISOString() : lead.updatedAt,
  submissionIds: [...lead.submissionIds, submissionId],
  lastFormId: form.id,
  playbookId: form.playbook,
  source: lead.source ?? { formId: form.id, ...(utmSource ? { utmSource } : {}) },
});

/** Applies a step given under the lead's own id; a submission already applied leaves the lead as it is. */
export const recordStep = (lead: LeadRecord, form: Form, step: AcceptedStep, source: StepSource): LeadRecord => {
  if (lead.submissionIds.includes(source.submissionId)) return lead;
  const at = source.at.toISOString();
  const answeredAt = { ...lead.answeredAt };
  for (const field of Object.keys(step.answers)) answeredAt[field] = at;
  return { ...lead, ...applyStep(form, lead, step), answeredAt, ...stepBookkeeping(lead, form, source) };
};

/**
 * An alias's answer, applied to the lead it belongs to: it fills a field the lead never
 * answered itself (newest alias answer wins), and where the lead did answer differently it
 * is kept as a claim for sales to see.
 */
const withAliasAnswer = (lead: LeadRecord, field: string, answer: AliasAnswer): LeadRecord => {
  const ownAnswer = own(lead.answers, field);
  if (ownAnswer !== undefined) {
    if (JSON.stringify(ownAnswer) === JSON.stringify(answer.value)) return lead;
    return { ...lead, claims: [...(lead.claims ?? []), { field, ...answer }].slice(-MAX_CLAIMS) };
  }
  const current = own(lead.aliasAnswers ?? {}, field);
  if (current && current.at > answer.at) return lead;
  return { ...lead, aliasAnswers: { ...lead.aliasAnswers, [field]: answer } };
};

/** Applies a step given under one of the lead's aliases: nothing the lead answered itself is replaced. */
export const recordAliasStep = (lead: LeadRecord, aliasId: string, form: Form, step: AcceptedStep, source: StepSource): LeadRecord => {
  if (lead.submissionIds.includes(source.submissionId)) return lead;
  const at = source.at.toISOString();
  let updated = lead;
  for (const [field, value] of Object.entries(step.answers)) updated = withAliasAnswer(updated, field, { value, at, leadId: aliasId });
  return { ...updated, ...stepBookkeeping(lead, form, source) };
};

/** Which of two leads survives when they turn out to be one person: the older. */
export const survivorOf = <T extends Pick<LeadRecord, 'leadId' | 'createdAt'>>(a: T, b: T): { survivor: T; absorbed: T } =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.leadId < b.leadId)
    ? { survivor: a, absorbed: b }
    : { survivor: b, absorbed: a };

/**
 * One person, two profiles: the absorbed lead becomes an alias of the survivor. Its answers
 * (and its own aliases') count where the survivor gave none; its events are the survivor's.
 */
export const absorbAlias = (survivor: LeadRecord, absorbed: LeadRecord): LeadRecord => {
  if (survivor.mergedFrom.includes(absorbed.leadId)) return survivor;
  // Everything the absorbed lead holds is an alias's now, its own answers as much as its aliases'.
  const given: AnswerClaim[] = [
    ...(absorbed.claims ?? []),
    ...Object.entries(absorbed.aliasAnswers ?? {}).map(([field, answer]) => ({ field, ...answer })),
    ...Object.entries(absorbed.answers).map(([field, value]) => ({ field, value, at: own(absorbed.answeredAt, field) ?? absorbed.createdAt, leadId: absorbed.leadId })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  let lead = survivor;
  for (const { field, ...answer } of given) lead = withAliasAnswer(lead, field, answer);
  const newer = absorbed.updatedAt > survivor.updatedAt;
  return {
    ...lead,
    updatedAt: newer ? absorbed.updatedAt : survivor.updatedAt,
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
