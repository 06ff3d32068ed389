import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSchema } from '../../../functions/core/answers.js';
import type { Question } from '../../../functions/core/form.js';
import { answerOf, problemWith } from '../../../widget/src/validate.js';
import { COMPANY_SIZES, TOPICS, aQuestion } from '../../helpers/factories.js';

/** Questions of every text-like kind, with the bounds and patterns marketers set. */
const TYPED_QUESTIONS: Question[] = [
  aQuestion('text'),
  aQuestion('text', { maxLength: 5 }),
  aQuestion('text', { pattern: '[A-Z]{2}-\\d{3}' }),
  aQuestion('textarea', { maxLength: 20 }),
  aQuestion('email'),
  aQuestion('tel'),
  aQuestion('number'),
  aQuestion('number', { min: 0, max: 100 }),
  aQuestion('select'),
];

const typed = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...COMPANY_SIZES, 'AB-123', 'ab-123', '+44 20 7946 0000', '12', '1e5', ' 7 ', '-0.5', 'x@y', 'lee@example.com'),
  fc.double({ noNaN: true }).map(String),
  fc.integer({ min: -500, max: 500 }).map(String),
  fc.emailAddress(),
);

const serverAccepts = (question: Question, value: unknown): boolean => answerSchema(question).safeParse(value).success;

describe('the widget checks answers as the server does', () => {
  it.each(TYPED_QUESTIONS.map((q) => [`${q.type} ${JSON.stringify({ ...q, label: undefined, options: undefined })}`, q] as const))(
    'never refuses what the server would accept (%s)',
    (_, question) => {
      fc.assert(
        fc.property(typed, (raw) => {
          if (raw.trim() === '' || !serverAccepts(question, raw.trim())) return;
          expect(problemWith(question, raw)).toBeUndefined();
        }),
      );
    },
  );

  it.each(TYPED_QUESTIONS.filter((q) => q.type !== 'email').map((q) => [q.type, q] as const))(
    'sends only what the server accepts, once it has no objection (%s)',
    (_, question) => {
      fc.assert(
        fc.property(typed, (raw) => {
          const answer = answerOf(question, raw);
          if (answer === undefined || problemWith(question, raw)) return;
          expect(serverAccepts(question, answer)).toBe(true);
        }),
      );
    },
  );

  it('is more lenient than the server about emails, as browsers are: the server answers beside the field', () => {
    const email = aQuestion('email');

    expect(problemWith(email, 'lee@localhost')).toBeUndefined();
    expect(serverAccepts(email, 'lee@localhost')).toBe(false);
    expect(problemWith(email, 'not-an-email')).toBe('must be a valid email address');
  });

  it('sends numbers as numbers, trimmed text as text, and an empty control as nothing', () => {
    expect(answerOf(aQuestion('number'), ' 25000 ')).toBe(25000);
    expect(answerOf(aQuestion('text'), '  Initech ')).toBe('Initech');
    expect(answerOf(aQuestion('text'), '   ')).toBeUndefined();
    expect(answerOf(aQuestion('multiselect'), [])).toBeUndefined();
    expect(answerOf(aQuestion('checkbox'), false)).toBe(false);
  });

  it('asks for a required field, a required checkbox, and a multiselect within its bounds', () => {
    expect(problemWith(aQuestion('text', { required: true }), ' ')).toBe('is required');
    expect(problemWith(aQuestion('text'), ' ')).toBeUndefined();
    expect(problemWith(aQuestion('checkbox', { required: true }), false)).toBe('must be checked');
    expect(problemWith(aQuestion('checkbox'), false)).toBeUndefined();
    const topics = aQuestion('multiselect', { min: 1, max: 2 });
    expect(problemWith(topics, [])).toBeUndefined();
    expect(problemWith(aQuestion('multiselect', { required: true }), [])).toBe('is required');
    expect(problemWith(topics, [...TOPICS].slice(0, 3))).toBe('choose at most 2');
    expect(serverAccepts(topics, [...TOPICS].slice(0, 3))).toBe(false);
    expect(problemWith(topics, [...TOPICS].slice(0, 2))).toBeUndefined();
  });
});
