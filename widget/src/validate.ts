import type { Question } from '../../functions/http/wire.js';

/** What a control holds: text, the options ticked, or a checkbox's state. */
export type RawValue = string | string[] | boolean;
export type AnswerValue = string | number | boolean | string[];

// The server's own rules (functions/core/answers.ts), so a visitor hears of a mistake before sending.
const TEL = /^\+?[0-9 ()./-]{5,30}$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
/** As lenient as a browser's own check: the server's stricter one answers beside the field. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const DEFAULT_MAX_LENGTH = 500;

const bounds = (n: number, min: number | undefined, max: number | undefined, unit = ''): string | undefined =>
  min !== undefined && n < min ? `must be at least ${min}${unit}` : max !== undefined && n > max ? `must be at most ${max}${unit}` : undefined;

/** Why this value would be refused, in the server's words, or undefined when it would not. */
export const problemWith = (question: Question, raw: RawValue): string | undefined => {
  if (typeof raw === 'boolean') return question.required && !raw ? 'must be checked' : undefined;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return question.required ? 'is required' : undefined;
    return question.type === 'multiselect' ? bounds(raw.length, question.min, question.max)?.replace('must be', 'choose') : undefined;
  }
  const value = raw.trim();
  if (!value) return question.required ? 'is required' : undefined;
  switch (question.type) {
    case 'number':
      return NUMERIC.test(value) ? bounds(Number(value), question.min, question.max) : 'must be a number';
    case 'select':
      return question.options.some((option) => option.value === value) ? undefined : 'must be one of the options';
    case 'text':
    case 'textarea':
    case 'email':
    case 'tel': {
      const maxLength = question.maxLength ?? DEFAULT_MAX_LENGTH;
      if (value.length > maxLength) return `must be at most ${maxLength} characters`;
      if (question.type === 'email' && !EMAIL.test(value)) return 'must be a valid email address';
      if (question.type === 'tel' && !TEL.test(value)) return 'must be a phone number';
      if (question.pattern && !new RegExp(`^(?:${question.pattern})$`, 'u').test(value)) return 'is not in the expected format';
      return undefined;
    }
    default:
      return undefined;
  }
};

/** The answer to send, or undefined for an empty control (the server then counts the question as skipped). */
export const answerOf = (question: Question, raw: RawValue): AnswerValue | undefined => {
  if (typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.length > 0 ? raw : undefined;
  const value = raw.trim();
  if (!value) return undefined;
  return question.type === 'number' ? Number(value) : value;
};
