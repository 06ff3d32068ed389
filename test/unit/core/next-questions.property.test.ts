import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AskIf } from '../../../functions/core/form.js';
import { isAnswered, type Answers } from '../../../functions/core/lead.js';
import { askIfHolds, nextQuestions } from '../../../functions/core/next-questions.js';
import { aFormAsking, aLead, aQuestionInput, type QuestionInput } from '../../helpers/factories.js';

const FORM_ID = 'this-form';
const OTHER_FORM_ID = 'other-form';
const OPTIONS = ['a', 'b', 'c'];
const options = OPTIONS.map((value) => ({ value, label: value.toUpperCase() }));

/** A condition on an earlier question, valid for that question's type. */
const askIfOn = (target: QuestionInput): fc.Arbitrary<AskIf> => {
  const answered = fc.boolean().map((flag): AskIf => ({ field: target.id, answered: flag }));
  if (target.type !== 'select') return answered;
  const values = fc.subarray(OPTIONS, { minLength: 1 });
  return fc.oneof(
    answered,
    fc.constantFrom(...OPTIONS).map((value): AskIf => ({ field: target.id, equals: value })),
    values.map((list): AskIf => ({ field: target.id, in: list })),
    values.map((list): AskIf => ({ field: target.id, notIn: list })),
  );
};

/** Forms of 1–8 text and select questions, some required, some conditioned on an earlier one. */
const form = fc
  .array(fc.record({ select: fc.boolean(), required: fc.boolean(), conditioned: fc.boolean(), target: fc.nat() }), { minLength: 1, maxLength: 8 })
  .chain((shapes) => {
    const questions = shapes.map(({ select, required }, i) =>
      select ? aQuestionInput('select', { id: `q${i}`, required, options }) : aQuestionInput('text', { id: `q${i}`, required }),
    );
    const conditions = shapes.map(({ conditioned, target }, i) =>
      conditioned && i > 0 ? askIfOn(questions[target % i] ?? questions[0] ?? aQuestionInput('text')).map((c): AskIf | undefined => c) : fc.constant(undefined),
    );
    return fc.tuple(fc.tuple(...conditions), fc.integer({ min: 1, max: 5 })).map(([askIfs, perStep]) =>
      aFormAsking(
        questions.map((question, i) => (askIfs[i] ? { ...question, askIf: askIfs[i] } : question)),
        perStep,
        FORM_ID,
      ),
    );
  });

const ids = Array.from({ length: 8 }, (_, i) => `q${i}`);

const lead = fc
  .record({
    answers: fc.dictionary(fc.constantFrom(...ids), fc.constantFrom<Answers[string]>(...OPTIONS, '', 'free text')),
    here: fc.subarray(ids),
    elsewhere: fc.subarray(ids),
  })
  .map(({ answers, here, elsewhere }) => aLead(answers, { [FORM_ID]: here, [OTHER_FORM_ID]: elsewhere }));

describe('nextQuestions (properties)', () => {
  it('never returns an answered field, a field skipped on this form, or more than questionsPerStep questions', () => {
    fc.assert(
      fc.property(form, lead, (shown, profile) => {
        // Act
        const step = nextQuestions(shown, profile);

        // Assess
        expect(step.questions.length).toBeLessThanOrEqual(shown.questionsPerStep);
        for (const question of step.questions) {
          expect(isAnswered(profile.answers, question.id)).toBe(false);
          expect(profile.skipped[FORM_ID]).not.toContain(question.id);
        }
      }),
    );
  });

  it('returns only questions whose askIf holds, required ones first, each group in form order', () => {
    fc.assert(
      fc.property(form, lead, (shown, profile) => {
        // Act
        const step = nextQuestions(shown, profile);

        // Assess
        for (const question of step.questions) expect(askIfHolds(question.askIf, profile.answers)).toBe(true);
        const required = step.questions.filter((q) => q.required);
        expect(step.questions.slice(0, required.length)).toEqual(required);
        const position = (q: { id: string }) => shown.questions.findIndex((candidate) => candidate.id === q.id);
        for (const group of [required, step.questions.filter((q) => !q.required)]) {
          expect(group.map(position)).toEqual(group.map(position).sort((a, b) => a - b));
        }
      }),
    );
  });

  it('is complete exactly when no question of the form is left to ask, and fills the step otherwise', () => {
    fc.assert(
      fc.property(form, lead, (shown, profile) => {
        // Prepare
        const askable = shown.questions.filter(
          (q) => !isAnswered(profile.answers, q.id) && !profile.skipped[FORM_ID]?.includes(q.id) && askIfHolds(q.askIf, profile.answers),
        );

        // Act
        const step = nextQuestions(shown, profile);

        // Assess
        expect(step.complete).toBe(askable.length === 0);
        expect(step.questions.length).toBe(Math.min(askable.length, shown.questionsPerStep));
      }),
    );
  });
});
