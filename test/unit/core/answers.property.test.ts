import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptStep, answerSchema } from '../../../functions/core/answers.js';
import { DEFAULT_MAX_LENGTH } from '../../../functions/core/form.js';
import { COMPANY_SIZES, TOPICS, aFormAsking, aLead, aQuestion, aQuestionInput } from '../../helpers/factories.js';

/** Anything a browser or a script might send as one answer. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
);

describe('answerSchema (properties)', () => {
  it('never accepts a select value that is not an option', () => {
    // Prepare
    const question = aQuestion('select');
    const values = fc.oneof(fc.constantFrom(...COMPANY_SIZES), fc.string({ maxLength: 10 }), anyValue);

    fc.assert(
      fc.property(values, (value) => {
        // Act
        const result = answerSchema(question).safeParse(value);

        // Assess
        expect(result.success).toBe(typeof value === 'string' && (COMPANY_SIZES as readonly string[]).includes(value));
      }),
    );
  });

  it('never accepts a multiselect answer with a value that is not an option, a repeat, or a count out of bounds', () => {
    // Prepare
    const question = aQuestion('multiselect', { min: 1, max: 3 });
    const values = fc.array(fc.oneof(fc.constantFrom(...TOPICS), fc.string({ maxLength: 6 })), { maxLength: 6 });

    fc.assert(
      fc.property(values, (value) => {
        // Act
        const result = answerSchema(question).safeParse(value);

        // Assess
        const allowed =
          value.length >= 1 && value.length <= 3 && new Set(value).size === value.length && value.every((v) => (TOPICS as readonly string[]).includes(v));
        expect(result.success).toBe(allowed);
      }),
    );
  });

  it('never accepts a number out of bounds, and stores every number it accepts as a number within them', () => {
    // Prepare
    const question = aQuestion('number', { min: -100, max: 1000 });
    const values = fc.oneof(
      fc.double({ min: -2000, max: 2000, noNaN: true }),
      fc.integer({ min: -2000, max: 2000 }).map(String),
      fc.double({ min: -2000, max: 2000, noNaN: true }).map((n) => n.toFixed(3)),
      anyValue,
    );

    fc.assert(
      fc.property(values, (value) => {
        // Act
        const result = answerSchema(question).safeParse(value);

        // Assess
        if (result.success) {
          expect(typeof result.data).toBe('number');
          expect(result.data).toBeGreaterThanOrEqual(-100);
          expect(result.data).toBeLessThanOrEqual(1000);
          expect(result.data).toBe(Number(value));
        }
        if (typeof value === 'number') expect(result.success).toBe(value >= -100 && value <= 1000);
      }),
    );
  });

  it.each([undefined, 1, 20, 80])('never accepts a text longer than its maxLength (%s, default 500)', (maxLength) => {
    // Prepare
    const question = aQuestion('textarea', { maxLength });
    const limit = maxLength ?? DEFAULT_MAX_LENGTH;
    const values = fc.string({ minLength: 0, maxLength: limit + 20, unit: 'binary-ascii' });

    fc.assert(
      fc.property(values, (value) => {
        // Act
        const result = answerSchema(question).safeParse(value);

        // Assess
        expect(result.success).toBe(value.trim().length <= limit);
      }),
      { numRuns: 60 },
    );
  });

  it('never accepts a text that does not match the whole pattern', () => {
    // Prepare
    const question = aQuestion('text', { pattern: '[A-Z]{2}-\\d{3}' });
    const matching = fc.stringMatching(/^[A-Z]{2}-\d{3}$/);
    const values = fc.oneof(
      matching,
      fc.tuple(fc.string({ maxLength: 3 }), matching, fc.string({ maxLength: 3 })).map(([before, code, after]) => `${before}${code}${after}`),
      fc.string({ maxLength: 10 }),
    );

    fc.assert(
      fc.property(values, (value) => {
        // Act
        const result = answerSchema(question).safeParse(value);

        // Assess
        expect(result.success).toBe(/^[A-Z]{2}-\d{3}$/.test(value.trim()));
      }),
    );
  });
});

describe('acceptStep (properties)', () => {
  const form = aFormAsking(
    [
      aQuestionInput('email', { required: true }),
      aQuestionInput('select'),
      aQuestionInput('number', { min: 0, max: 100 }),
      aQuestionInput('text', { maxLength: 10, pattern: '[a-z ]+' }),
      aQuestionInput('checkbox', { required: true }),
    ],
    5,
  );

  const submission = fc.record(
    {
      email: fc.oneof(fc.constant('ada@example.com'), anyValue),
      company_size: fc.oneof(fc.constantFrom(...COMPANY_SIZES), anyValue),
      budget: fc.oneof(fc.integer({ min: -50, max: 150 }), anyValue),
      company: fc.oneof(fc.stringMatching(/^[a-z ]{1,14}$/), anyValue),
      consent: fc.oneof(fc.constant(true), anyValue),
    },
    { requiredKeys: [] },
  );

  it('never stores an answer its question forbids, and names the field of every problem', () => {
    fc.assert(
      fc.property(submission, (submitted) => {
        // Act
        const result = acceptStep(form, aLead(), submitted);

        // Assess
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.path).toMatch(/^answers\.(email|company_size|budget|company|consent)$/);
          return;
        }
        const { answers } = result.step;
        expect(answers.email).toMatch(/^[^A-Z\s]+@[^A-Z\s]+$/);
        expect(answers.consent).toBe(true);
        if ('company_size' in answers) expect(COMPANY_SIZES).toContain(answers.company_size);
        if ('budget' in answers) expect(answers.budget).toSatisfy((n: unknown) => typeof n === 'number' && n >= 0 && n <= 100);
        if ('company' in answers) expect(answers.company).toMatch(/^[a-z ]{1,10}$/);
      }),
    );
  });
});
