import type { Answer, Answers } from './lead.js';
import { isAnswered, own } from './lead.js';
import { FALLBACK_GRADE, type Criterion, type Playbook } from './playbook.js';

export interface FitReason {
  criterion: string;
  field: string;
  /** The answer behind the points; null when the field is unanswered. */
  answer: Answer | null;
  points: number;
}

export interface Fit {
  points: number;
  grade: string;
  breakdown: FitReason[];
}

const DEFAULT_KEY = '*';

// Answers are user input: a value such as "toString" must not find Object.prototype.
const pointsFromTable = (table: Record<string, number>, value: string): number =>
  (Object.hasOwn(table, value) ? table[value] : table[DEFAULT_KEY]) ?? 0;

const criterionPoints = (criterion: Criterion, answer: Answer): number => {
  if ('ranges' in criterion) {
    const value = typeof answer === 'number' ? answer : Number(answer);
    if (!Number.isFinite(value)) return 0;
    return criterion.ranges.find((range) => value >= range.min)?.points ?? 0;
  }
  // A multiselect answer earns what its best option earns: several right answers are not several leads.
  if (Array.isArray(answer)) return Math.max(...answer.map((value) => pointsFromTable(criterion.points, value)));
  return pointsFromTable(criterion.points, String(answer));
};

/** Grade is the first letter (in the playbook's order) whose threshold the points reach. */
export const gradeFor = (grades: Record<string, number>, points: number): string =>
  Object.entries(grades).find(([, threshold]) => points >= threshold)?.[0] ?? FALLBACK_GRADE;

/** Fit: how well the lead's explicit answers match the ideal customer (BANT and profile). */
export const scoreFit = (playbook: Playbook, answers: Answers): Fit => {
  const breakdown = playbook.fit.criteria.map((criterion): FitReason => {
    const answer = isAnswered(answers, criterion.field) ? (own(answers, criterion.field) ?? null) : null;
    return {
      criterion: criterion.id,
      field: criterion.field,
      answer,
      points: answer === null ? 0 : criterionPoints(criterion, answer),
    };
  });
  const points = breakdown.reduce((sum, reason) => sum + reason.points, 0);
  return { points, grade: gradeFor(playbook.fit.grades, points), breakdown };
};
