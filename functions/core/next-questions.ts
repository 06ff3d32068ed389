import type { AskIf, Form, Question } from './form.js';
import { isAnswered, own, skippedOn, type Answer, type Answers, type LeadProfile } from './lead.js';

const matches = (answer: Answer, value: string | number | boolean): boolean =>
  Array.isArray(answer) ? answer.includes(String(value)) : String(answer) === String(value);

/**
 * A condition on a field the lead has not answered holds only for `answered: false`:
 * nothing is known yet, so the question waits until the field it depends on is answered.
 */
export const askIfHolds = (askIf: AskIf | undefined, answers: Answers): boolean => {
  if (!askIf) return true;
  if ('answered' in askIf) return isAnswered(answers, askIf.field) === askIf.answered;
  const answer = own(answers, askIf.field);
  if (answer === undefined || !isAnswered(answers, askIf.field)) return false;
  if ('equals' in askIf) return matches(answer, askIf.equals);
  if ('in' in askIf) return askIf.in.some((value) => matches(answer, value));
  return !askIf.notIn.some((value) => matches(answer, value));
};

export interface NextStep {
  questions: Question[];
  /** Nothing more this form can ask this lead now. */
  complete: boolean;
}

/** Questions this form could still ask, required ones first, each group in form order. */
export const pendingQuestions = (form: Form, lead: LeadProfile): Question[] => {
  const skipped = new Set(skippedOn(lead, form.id));
  const pending = form.questions.filter(
    (q) => !isAnswered(lead.answers, q.id) && !skipped.has(q.id) && askIfHolds(q.askIf, lead.answers),
  );
  return [...pending.filter((q) => q.required), ...pending.filter((q) => !q.required)];
};

/** The next step of progressive profiling: at most `questionsPerStep` unanswered questions. */
export const nextQuestions = (form: Form, lead: LeadProfile): NextStep => {
  const questions = pendingQuestions(form, lead).slice(0, form.questionsPerStep);
  return { questions, complete: questions.length === 0 };
};
