import type { Form, Question } from './form.js';
import type { Issue } from './issues.js';
import type { Playbook } from './playbook.js';

export interface Located<T> {
  file: string;
  document: T;
}

export interface DocumentIssue extends Issue {
  file: string;
}

/** Values a criterion's `points` may name for a question, or undefined when any value may appear. */
const answerValues = (question: Question): string[] | undefined => {
  if (question.type === 'select' || question.type === 'multiselect') return question.options.map((o) => o.value);
  if (question.type === 'checkbox') return ['true', 'false'];
  return undefined;
};

/**
 * The checks that need forms and playbooks together (`winnow validate`): fields shared by
 * forms agree on their type, criteria score fields some form asks, `points` keys are options,
 * and every form's playbook exists. Per-document rules live in the zod schemas.
 */
export const crossCheck = (forms: readonly Located<Form>[], playbooks: readonly Located<Playbook>[]): DocumentIssue[] => {
  const issues: DocumentIssue[] = [];
  const fields = new Map<string, { question: Question; file: string; formId: string }[]>();

  for (const { file, document: form } of forms) {
    form.questions.forEach((question, index) => {
      const earlier = fields.get(question.id) ?? [];
      const other = earlier.find((e) => e.question.type !== question.type);
      if (other) {
        issues.push({
          file,
          path: `questions.${index}.type`,
          message: `field "${question.id}" is ${question.type} here but ${other.question.type} in form ${other.formId}: a field means one thing on every form`,
        });
      }
      fields.set(question.id, [...earlier, { question, file, formId: form.id }]);
    });
  }

  for (const documents of [forms, playbooks]) {
    const firstFile = new Map<string, string>();
    for (const { file, document } of documents) {
      const first = firstFile.get(document.id);
      if (first !== undefined) {
        issues.push({ file, path: 'id', message: `id "${document.id}" is also used by ${first}: one would overwrite the other when published` });
      } else {
        firstFile.set(document.id, file);
      }
    }
  }

  const playbookIds = new Set(playbooks.map((p) => p.document.id));
  for (const { file, document: form } of forms) {
    if (!playbookIds.has(form.playbook)) {
      issues.push({ file, path: 'playbook', message: `playbook "${form.playbook}" does not exist (playbooks: ${[...playbookIds].join(', ') || 'none'})` });
    }
  }

  for (const { file, document: playbook } of playbooks) {
    playbook.fit.criteria.forEach((criterion, index) => {
      const path = `fit.criteria.${index}`;
      const asked = fields.get(criterion.field);
      if (!asked) {
        issues.push({ file, path: `${path}.field`, message: `no form asks field "${criterion.field}"` });
        return;
      }
      if ('ranges' in criterion) {
        if (!asked.some((a) => a.question.type === 'number')) {
          issues.push({ file, path: `${path}.ranges`, message: `ranges need a number question, but "${criterion.field}" is ${asked[0]?.question.type}` });
        }
        return;
      }
      const known = asked.map((a) => answerValues(a.question));
      if (known.some((values) => values === undefined)) return;
      const allowed = new Set(known.flat());
      for (const key of Object.keys(criterion.points)) {
        if (key !== '*' && !allowed.has(key)) {
          issues.push({
            file,
            path: `${path}.points.${key}`,
            message: `"${key}" is not an option of question "${criterion.field}" (options: ${[...allowed].join(', ')})`,
          });
        }
      }
    });
  }
  return issues;
};
