/** What a lead answered: one value per field, shared by every form. */
export type Answer = string | number | boolean | string[];
export type Answers = Record<string, Answer>;

/** The part of a lead that decides which questions come next. */
export interface LeadProfile {
  answers: Answers;
  /** Per form, the fields shown in an accepted step and left empty: that form asks them no more. */
  skipped: Record<string, string[]>;
}

/** A behaviour that earns interest: a page view, a download, a webinar, a submission. */
export interface LeadEvent {
  type: string;
  /** ISO 8601 */
  at: string;
}

export const emptyProfile = (): LeadProfile => ({ answers: {}, skipped: {} });

/** Empty input means "left blank": it neither answers a field nor overwrites an answer. */
export const isEmptyAnswer = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/**
 * A record's own entry. Field and form ids are user-chosen, and a valid one such as
 * "constructor" must not find Object.prototype.
 */
export const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

export const isAnswered = (answers: Answers, field: string): boolean => !isEmptyAnswer(own(answers, field));

/** Fields this form showed the lead and it left empty. */
export const skippedOn = (lead: LeadProfile, formId: string): string[] => own(lead.skipped, formId) ?? [];

/** The field that identifies a person across devices; leads sharing it merge. */
export const EMAIL_FIELD = 'email';

export const emailOf = (answers: Answers): string | undefined => {
  const email = own(answers, EMAIL_FIELD);
  return typeof email === 'string' && email !== '' ? email : undefined;
};
