import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeFor, scoreFit } from '../../../functions/core/fit.js';
import { isAnswered, type Answer, type Answers } from '../../../functions/core/lead.js';
import { gradesOf, type Criterion } from '../../../functions/core/playbook.js';
import { aPlaybook } from '../../helpers/factories.js';

const FIELDS = ['company_size', 'role', 'budget', 'topics', 'industry'] as const;
const VALUES = ['1-10', '201+', 'decision_maker', 'user', 'software', 'retail', '*'] as const;

const points = fc.integer({ min: -10, max: 10 });

const pointsCriterion = fc.record({
  field: fc.constantFrom(...FIELDS),
  points: fc.dictionary(fc.constantFrom(...VALUES), points, { maxKeys: 5 }),
});

const rangesCriterion = fc.record({
  field: fc.constantFrom(...FIELDS),
  // The schema wants ranges listed from the highest min down.
  ranges: fc
    .uniqueArray(fc.integer({ min: -1000, max: 100_000 }), { minLength: 1, maxLength: 4 })
    .chain((mins) => fc.tuple(...mins.sort((a, b) => b - a).map((min) => points.map((p) => ({ min, points: p }))))),
});

const criteria = fc
  .array(fc.oneof(pointsCriterion, rangesCriterion), { maxLength: 8 })
  .map((list) => list.map((criterion, i): Criterion => ({ id: `c${i}`, ...criterion })));

const answer: fc.Arbitrary<Answer> = fc.oneof(
  fc.constantFrom(...VALUES, ''),
  fc.integer({ min: -1000, max: 200_000 }),
  fc.stringMatching(/^\d{1,6}$/),
  fc.boolean(),
  fc.uniqueArray(fc.constantFrom(...VALUES), { maxLength: 3 }),
);

const answers: fc.Arbitrary<Answers> = fc.dictionary(fc.constantFrom(...FIELDS), answer);

// Grades as the schema wants them: letters in order, thresholds falling.
const grades = fc
  .uniqueArray(fc.integer({ min: -20, max: 40 }), { maxLength: 4 })
  .map((thresholds) => Object.fromEntries(thresholds.sort((a, b) => b - a).map((t, i) => [String.fromCharCode(65 + i), t])));

describe('scoreFit (properties)', () => {
  it('fit points equal the sum of the points in the breakdown', () => {
    fc.assert(
      fc.property(criteria, answers, (list, given) => {
        // Prepare
        const playbook = aPlaybook({ fit: { criteria: list } });

        // Act
        const fit = scoreFit(playbook, given);

        // Assess
        const sum = fit.breakdown.reduce((total, reason) => total + reason.points, 0);
        expect(fit.points).toBe(sum);
        expect(Number.isFinite(fit.points)).toBe(true);
      }),
    );
  });

  it('explains every criterion once, in playbook order, with the answer behind it or null', () => {
    fc.assert(
      fc.property(criteria, answers, (list, given) => {
        // Prepare
        const playbook = aPlaybook({ fit: { criteria: list } });

        // Act
        const fit = scoreFit(playbook, given);

        // Assess
        expect(fit.breakdown.map((reason) => reason.criterion)).toEqual(list.map((criterion) => criterion.id));
        for (const reason of fit.breakdown) {
          if (isAnswered(given, reason.field)) expect(reason.answer).toEqual(given[reason.field]);
          else expect(reason).toMatchObject({ answer: null, points: 0 });
        }
      }),
    );
  });

  it('never gives a lead with more fit points a worse grade', () => {
    fc.assert(
      fc.property(grades, fc.integer({ min: -30, max: 50 }), fc.integer({ min: 0, max: 30 }), (thresholds, points, more) => {
        // Prepare
        const order = gradesOf(thresholds);

        // Act
        const lower = gradeFor(thresholds, points);
        const higher = gradeFor(thresholds, points + more);

        // Assess
        expect(order.indexOf(higher)).toBeLessThanOrEqual(order.indexOf(lower));
        expect(order).toContain(lower);
      }),
    );
  });
});
