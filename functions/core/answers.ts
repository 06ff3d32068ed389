import * as z from './zod.js';
import { DEFAULT_MAX_LENGTH, type Form, type Question } from './form.js';
import type { Issue } from './issues.js';
import { isEmptyAnswer, skippedOn, type Answer, type Answers, type LeadProfile } from './lead.js';
import { nextQuestions } from './next-questions.js';

/** Lenient enough for the formats people type, strict enough to keep prose out of phone fields. */
const TEL = /^\+?[0-9 ()./-]{5,30}$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

const fullMatch = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`, 'u');

const textAnswer = (question: Extract<Question, { type: 'text' | 'textarea' | 'email' | 'tel' }>): z.ZodType<string> => {
  const maxLength = question.maxLength ?? DEFAULT_MAX_LENGTH;
  let schema: z.ZodType<string> = z
    .string({ error: 'must be text' })
    .check(z.trim(), z.maxLength(maxLength, { error: `must be at most ${maxLength} characters` }));
  if (question.type === 'email') {
    schema = z.pipe(
      z.pipe(schema, z.email({ error: 'must be a valid email address' })),
      z.transform((email: string) => email.toLowerCase()),
    );
  }
  if (question.type === 'tel') schema = z.pipe(schema, z.string().check(z.regex(TEL, { error: 'must be a phone number' })));
  if (question.pattern) {
    schema = z.pipe(schema, z.string().check(z.regex(fullMatch(question.pattern), { error: 'is not in the expected format' })));
  }
  return schema;
};

/** The zod schema an answer to this question must satisfy; its output is what gets stored. */
export const answerSchema = (question: Question): z.ZodType<Answer> => {
  let schema = answerSchemas.get(question);
  if (!schema) answerSchemas.set(question, (schema = schemaOf(question)));
  return schema;
};

/**
 * Built once per question object: a published form is read once and cached, so every step of it
 * parses with the same schemas, and zod compiles each schema's parser on its first parse, not on
 * every request's. Keyed weakly, so a form that leaves the cache takes its schemas with it.
 */
const answerSchemas = new WeakMap<Question, z.ZodType<Answer>>();

const schemaOf = (question: Question): z.ZodType<Answer> => {
  switch (question.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'tel':
      return textAnswer(question);
    case 'number': {
      // HTML inputs hand over strings; a numeric string is the same answer.
      // zod's number refuses Infinity and NaN itself: a numeric string too long for a double fails as "must be a number".
      let number = z.number({ error: 'must be a number' });
      if (question.min !== undefined) number = number.check(z.gte(question.min, { error: `must be at least ${question.min}` }));
      if (question.max !== undefined) number = number.check(z.lte(question.max, { error: `must be at most ${question.max}` }));
      return z.pipe(
        z.union([z.number(), z.pipe(z.string().check(z.trim(), z.regex(NUMERIC)), z.transform(Number))], { error: 'must be a number' }),
        number,
      );
    }
    case 'select': {
      const values = question.options.map((o) => o.value);
      return z.string({ error: 'must be one of the options' }).check(
        z.refine((v) => values.includes(v), {
          error: `must be one of: ${values.join(', ')}`,
        }),
      );
    }
    case 'multiselect': {
      const values = question.options.map((o) => o.value);
      let list = z.array(
        z.string().check(z.refine((v) => values.includes(v), { error: `must be among: ${values.join(', ')}` })),
        { error: 'must be a list of options' },
      );
      if (question.min !== undefined) list = list.check(z.minLength(question.min, { error: `choose at least ${question.min}` }));
      if (question.max !== undefined) list = list.check(z.maxLength(question.max, { error: `choose at most ${question.max}` }));
      return list.check(z.refine((chosen) => new Set(chosen).size === chosen.length, { error: 'must not repeat an option' }));
    }
    case 'checkbox':
      return question.required
        ? z.literal(true, { error: 'must be checked' })
        : z.boolean({ error: 'must be true or false' });
  }
};

export interface AcceptedStep {
  /** Answers to store, normalised (trimmed, lower-cased email, numbers as numbers). */
  answers: Answers;
  /** Fields of the step shown that came back empty: this form asks them no more. */
  skipped: string[];
}

export type StepResult = { ok: true; step: AcceptedStep } | { ok: false; issues: Issue[] };

/**
 * Checks one submitted step against its form and the lead it came from. Every problem is
 * reported at once, each named `answers.<field>`, so a widget can show it beside its field.
 */
export const acceptStep = (form: Form, lead: LeadProfile, submitted: Record<string, unknown>): StepResult => {
  const questions = new Map(form.questions.map((q) => [q.id, q]));
  const issues: Issue[] = [];
  const answers: Answers = {};

  for (const [field, value] of Object.entries(submitted)) {
    const question = questions.get(field);
    if (!question) {
      issues.push({ path: `answers.${field}`, message: `"${field}" is not a question of form ${form.id}` });
      continue;
    }
    if (isEmptyAnswer(value)) continue;
    const parsed = answerSchema(question).safeParse(value);
    if (parsed.success) {
      answers[field] = parsed.data;
    } else {
      issues.push({ path: `answers.${field}`, message: parsed.error.issues[0]?.message ?? 'is not a valid answer' });
    }
  }

  const shown = nextQuestions(form, lead).questions;
  const left = shown.filter((q) => !(q.id in answers) && !issues.some((i) => i.path === `answers.${q.id}`));
  for (const question of left) {
    if (question.required) issues.push({ path: `answers.${question.id}`, message: 'is required' });
  }

  return issues.length > 0 ? { ok: false, issues } : { ok: true, step: { answers, skipped: left.map((q) => q.id) } };
};

/** The lead after an accepted step: newest answer wins per field, skips remembered per form. */
export const applyStep = (form: Form, lead: LeadProfile, step: AcceptedStep): LeadProfile => {
  const skipped = new Set([...skippedOn(lead, form.id), ...step.skipped]);
  return {
    answers: { ...lead.answers, ...step.answers },
    skipped: skipped.size > 0 ? { ...lead.skipped, [form.id]: [...skipped] } : lead.skipped,
  };
};
