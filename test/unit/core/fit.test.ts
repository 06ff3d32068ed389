import { describe, expect, it } from 'vitest';
import { gradeFor, scoreFit } from '../../../functions/core/fit.js';
import type { Answers } from '../../../functions/core/lead.js';
import type { Criterion } from '../../../functions/core/playbook.js';
import { aPlaybook, aSpecPlaybook, gradeAAnswers, named } from '../../helpers/factories.js';

/** The SPEC's playbook scoring only the given criteria, graded A ≥ 10, B ≥ 7, C ≥ 4. */
const aPlaybookScoring = (...criteria: Criterion[]) => aPlaybook({ fit: { criteria } });

describe('scoreFit', () => {
  it.each(
    named<{ behaviour: string; answers: Answers; points: number; grade: string }>([
      { behaviour: 'a lead that answered nothing scores 0 and is graded D', answers: {}, points: 0, grade: 'D' },
      { behaviour: 'the best answer to every criterion scores 12, grade A', answers: gradeAAnswers(), points: 12, grade: 'A' },
      {
        behaviour: 'a lead reaching exactly the A threshold of 10 is graded A',
        answers: { company_size: '201+', role: 'decision_maker', timeframe: '12m', budget: 10000 },
        points: 10,
        grade: 'A',
      },
      { behaviour: 'a lead one point below A is graded B', answers: { company_size: '201+', role: 'decision_maker', timeframe: '3m' }, points: 9, grade: 'B' },
      { behaviour: 'a lead reaching exactly the B threshold of 7 is graded B', answers: { company_size: '51-200', role: 'influencer', timeframe: 'none', budget: 20000 }, points: 7, grade: 'B' },
      { behaviour: 'a lead reaching exactly the C threshold of 4 is graded C', answers: { company_size: '1-10', role: 'user', budget: 10000 }, points: 4, grade: 'C' },
      { behaviour: 'a lead below every threshold is graded D', answers: { company_size: '1-10', role: 'influencer' }, points: 3, grade: 'D' },
    ]),
  )('%s', (_, { answers, points, grade }) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const fit = scoreFit(playbook, answers);

    // Assess
    expect({ points: fit.points, grade: fit.grade }).toEqual({ points, grade });
  });

  it('explains the points criterion by criterion, in playbook order, with the answer behind each', () => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const fit = scoreFit(playbook, { email: 'ada@example.com', company_size: '51-200', role: 'user', budget: 75000 });

    // Assess
    expect(fit.breakdown).toEqual([
      { criterion: 'profile', field: 'company_size', answer: '51-200', points: 3 },
      { criterion: 'authority', field: 'role', answer: 'user', points: 1 },
      { criterion: 'timeframe', field: 'timeframe', answer: null, points: 0 },
      { criterion: 'budget', field: 'budget', answer: 75000, points: 3 },
    ]);
  });

  it('treats a blank stored answer as unanswered: 0 points and answer null', () => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const fit = scoreFit(playbook, { role: '  ' });

    // Assess
    expect(fit.breakdown[1]).toEqual({ criterion: 'authority', field: 'role', answer: null, points: 0 });
  });

  it.each(
    named<{ behaviour: string; points: Record<string, number>; answer: string; expected: number }>([
      { behaviour: 'a listed value earns its own points', points: { software: 2, '*': 1 }, answer: 'software', expected: 2 },
      { behaviour: 'a value not listed earns the "*" points', points: { software: 2, '*': 1 }, answer: 'retail', expected: 1 },
      { behaviour: 'a listed value worth 0 earns 0, not the "*" points', points: { software: 0, '*': 1 }, answer: 'software', expected: 0 },
      { behaviour: 'a value not listed earns 0 when there is no "*"', points: { software: 2 }, answer: 'retail', expected: 0 },
      { behaviour: 'a negative value takes points away', points: { student: -5, '*': 0 }, answer: 'student', expected: -5 },
      { behaviour: 'any value earns the "*" points, whatever it is called', points: { software: 2, '*': 1 }, answer: 'constructor', expected: 1 },
    ]),
  )('%s', (_, { points, answer, expected }) => {
    // Prepare
    const playbook = aPlaybookScoring({ id: 'industry', field: 'industry', points });

    // Act
    const fit = scoreFit(playbook, { industry: answer });

    // Assess
    expect(fit.points).toBe(expected);
    expect(fit.breakdown).toEqual([{ criterion: 'industry', field: 'industry', answer, points: expected }]);
  });

  it.each(
    named<{ behaviour: string; budget: number | string; expected: number }>([
      { behaviour: 'a number at the highest min earns the first range', budget: 50000, expected: 3 },
      { behaviour: 'a number above every min earns the first range, not a later one', budget: 1_000_000, expected: 3 },
      { behaviour: 'a number between two mins earns the lower range', budget: 49999, expected: 2 },
      { behaviour: 'a number below every min earns 0', budget: 9999, expected: 0 },
      { behaviour: 'a numeric string is read as its number', budget: '20000', expected: 2 },
      { behaviour: 'an answer that is not a number earns 0', budget: 'lots', expected: 0 },
    ]),
  )('%s', (_, { budget, expected }) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const fit = scoreFit(playbook, { budget });

    // Assess
    expect(fit.breakdown.find((reason) => reason.criterion === 'budget')).toEqual({ criterion: 'budget', field: 'budget', answer: budget, points: expected });
  });

  it('scores 0 with answer null for an unanswered field, whatever its id (even one the schema refuses)', () => {
    // Prepare
    const scoring = aPlaybookScoring({ id: 'builder', field: 'company', points: { '*': 2 } });
    const playbook = { ...scoring, fit: { ...scoring.fit, criteria: scoring.fit.criteria.map((criterion) => ({ ...criterion, field: 'constructor' })) } };

    // Act
    const fit = scoreFit(playbook, {});

    // Assess
    expect(fit).toEqual({ points: 0, grade: 'D', breakdown: [{ criterion: 'builder', field: 'constructor', answer: null, points: 0 }] });
  });

  it('gives a negative range its points', () => {
    // Prepare
    const playbook = aPlaybookScoring({ id: 'employees', field: 'employees', ranges: [{ min: 10, points: 2 }, { min: 0, points: -1 }] });

    // Act
    const fit = scoreFit(playbook, { employees: 3 });

    // Assess
    expect(fit).toMatchObject({ points: -1, grade: 'D' });
  });

  it.each(
    named<{ behaviour: string; topics: string[]; expected: number }>([
      { behaviour: 'a multiselect answer earns what its best option earns', topics: ['routing', 'sla', 'fit_scoring'], expected: 3 },
      { behaviour: 'a multiselect answer of one option earns that option', topics: ['routing'], expected: 1 },
      { behaviour: 'a multiselect answer of unlisted options earns the "*" points', topics: ['interest_decay'], expected: -1 },
    ]),
  )('%s', (_, { topics, expected }) => {
    // Prepare
    const playbook = aPlaybookScoring({ id: 'interests', field: 'topics', points: { routing: 1, sla: 3, fit_scoring: 2, '*': -1 } });

    // Act
    const fit = scoreFit(playbook, { topics });

    // Assess
    expect(fit.points).toBe(expected);
  });

  it('scores a checkbox answer by its "true" or "false" key', () => {
    // Prepare
    const playbook = aPlaybookScoring({ id: 'opted_in', field: 'newsletter', points: { true: 2, false: 0 } });

    // Act
    const checked = scoreFit(playbook, { newsletter: true });
    const unchecked = scoreFit(playbook, { newsletter: false });

    // Assess
    expect([checked.points, unchecked.points]).toEqual([2, 0]);
  });

  it('adds negative criteria into the sum and grades the total', () => {
    // Prepare
    const playbook = aPlaybookScoring(
      { id: 'authority', field: 'role', points: { decision_maker: 12 } },
      { id: 'competitor', field: 'industry', points: { competitor: -10, '*': 0 } },
    );

    // Act
    const fit = scoreFit(playbook, { role: 'decision_maker', industry: 'competitor' });

    // Assess
    expect(fit).toMatchObject({ points: 2, grade: 'D' });
  });
});

describe('gradeFor', () => {
  it.each(
    named<{ behaviour: string; grades: Record<string, number>; points: number; grade: string }>([
      { behaviour: 'the first grade whose threshold the points reach wins', grades: { A: 10, B: 7, C: 4 }, points: 8, grade: 'B' },
      { behaviour: 'a threshold reached exactly counts as reached', grades: { A: 10, B: 7, C: 4 }, points: 4, grade: 'C' },
      { behaviour: 'points below every threshold grade D', grades: { A: 10, B: 7, C: 4 }, points: 3.5, grade: 'D' },
      { behaviour: 'negative points grade D', grades: { A: 10, B: 7, C: 4 }, points: -3, grade: 'D' },
      { behaviour: 'a playbook with no grades grades everyone D', grades: {}, points: 100, grade: 'D' },
      { behaviour: 'a negative threshold can be reached by negative points', grades: { A: 0, B: -5 }, points: -2, grade: 'B' },
    ]),
  )('%s', (_, { grades, points, grade }) => {
    // Act
    const result = gradeFor(grades, points);

    // Assess
    expect(result).toBe(grade);
  });
});
