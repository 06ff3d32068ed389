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

/**
 * Claims kept per lead, the newest: a device typing someone's email must not be able to grow
 * that lead's item (DynamoDB's limit is 400 KB) until every write to it fails.
 */
export const MAX_CLAIMS = 50;
/** The most characters of claims kept per lead, for the same reason: an answer may be 10,000 long. */
export const MAX_CLAIM_CHARACTERS = 20_000;

const sizeOf = (claim: AnswerClaim): number => JSON.stringify(claim).length;

/** The newest claims within both bounds; an identical claim (a replayed step) is kept once. */
const boundedClaims = (claims: readonly AnswerClaim[]): AnswerClaim[] => {
  const seen = new Set<string>();
  const kept: AnswerClaim[] = [];
  let characters = 0;
  for (const claim of [...claims].reverse()) {
    const key = JSON.stringify([claim.field, claim.leadId, claim.at, claim.value]);
    if (seen.has(key) || kept.length >= MAX_CLAIMS || characters + sizeOf(claim) > MAX_CLAIM_CHARACTERS) continue;
    seen.add(key);
    kept.push(claim);
    characters += sizeOf(claim);
  }
  return kept.reverse();
};

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

/**
 * What every accepted step changes, under whichever id it was given. The step's submissionId
 * goes on the profile of that id only: ids are per lead, and an alias's must never collide
 * with the lead's own.
 */
const stepBookkeeping = (lead: LeadRecord, form: Form, { at, utmSource }: StepSource) => ({
  updatedAt: at.toISOString() > lead.updatedAt ? at.toISOString() : lead.updatedAt,
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
  // The lead's own answer now counts where an alias's did; a differing alias answer stays in sight as a claim.
  const aliasAnswers = Object.fromEntries(Object.entries(lead.aliasAnswers ?? {}).filter(([field]) => !Object.hasOwn(step.answers, field)));
  const displaced: AnswerClaim[] = Object.entries(lead.aliasAnswers ?? {})
    .filter(([field, alias]) => Object.hasOwn(step.answers, field) && JSON.stringify(alias.value) !== JSON.stringify(step.answers[field]))
    .map(([field, alias]) => ({ field, ...alias }));
  return {
    ...lead,
    ...applyStep(form, lead, step),
    answeredAt,
    ...(lead.aliasAnswers ? { aliasAnswers } : {}),
    ...(displaced.length ? { claims: boundedClaims([...(lead.claims ?? []), ...displaced]) } : {}),
    ...stepBookkeeping(lead, form, source),
    submissionIds: [...lead.submissionIds, source.submissionId],
  };
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
    return { ...lead, claims: boundedClaims([...(lead.claims ?? []), { field, ...answer }]) };
  }
  const current = own(lead.aliasAnswers ?? {}, field);
  if (current && (current.at > answer.at || JSON.stringify(current) === JSON.stringify(answer))) return lead;
  return { ...lead, aliasAnswers: { ...lead.aliasAnswers, [field]: answer } };
};

/**
 * Applies a step given under one of the lead's aliases: nothing the lead answered itself is
 * replaced. Safe to apply again (the alias lists the step, not the lead): an answer already
 * there and a claim already kept change nothing, and a lead with nothing new is returned as is.
 */
export const recordAliasStep = (lead: LeadRecord, aliasId: string, form: Form, step: AcceptedStep, source: StepSource): LeadRecord => {
  const at = source.at.toISOString();
  let updated = lead;
  for (const [field, value] of Object.entries(step.answers)) updated = withAliasAnswer(updated, field, { value, at, leadId: aliasId });
  if (JSON.stringify(updated.aliasAnswers) === JSON.stringify(lead.aliasAnswers) && JSON.stringify(updated.claims) === JSON.stringify(lead.claims)) return lead;
  return { ...updated, ...stepBookkeeping(lead, form, source) };
};

/**
 * One person, two profiles: the absorbed lead (the device that typed an email another lead
 * had) becomes an alias of the survivor. Its own answers, and its aliases' where it gave
 * none, count where the survivor gave none; its claims stay claims; its events are the
 * survivor's. Its submissions stay its own.
 */
export const absorbAlias = (survivor: LeadRecord, absorbed: LeadRecord): LeadRecord => {
  if (survivor.mergedFrom.includes(absorbed.leadId)) return survivor;
  const given: AnswerClaim[] = [
    ...Object.entries(absorbed.aliasAnswers ?? {})
      .filter(([field]) => own(absorbed.answers, field) === undefined)
      .map(([field, answer]) => ({ field, ...answer })),
    ...Object.entries(absorbed.answers).map(([field, value]) => ({ field, value, at: own(absorbed.answeredAt, field) ?? absorbed.createdAt, leadId: absorbed.leadId })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  let lead = survivor;
  for (const { field, ...answer } of given) lead = withAliasAnswer(lead, field, answer);
  const claims = boundedClaims([...(lead.claims ?? []), ...(absorbed.claims ?? [])].sort((a, b) => a.at.localeCompare(b.at)));
  const newer = absorbed.updatedAt > survivor.updatedAt;
  return {
    ...lead,
    ...(claims.length ? { claims } : {}),
    updatedAt: newer ? absorbed.updatedAt : survivor.updatedAt,
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
