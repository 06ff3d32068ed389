import type { Form, Question } from './form.js';
import type { Issue } from './issues.js';
import type { Playbook } from './playbook.js';
import type { Team } from './team.js';

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
 * The checks that need forms, playbooks and teams together (`winnow validate`): fields shared by
 * forms agree on their type, criteria and assign rules read fields some form asks, `points` keys
 * and conditions' values are options, every form's playbook and every playbook's team exists, and
 * every pool a playbook assigns from has a rep. Per-document rules live in the zod schemas.
 */
export const crossCheck = (
  forms: readonly Located<Form>[],
  playbooks: readonly Located<Playbook>[],
  teams: readonly Located<Team>[] = [],
): DocumentIssue[] => {
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

  for (const documents of [forms, playbooks, teams]) {
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

  issues.push(...assignmentIssues(playbooks, teams, fields));
  return issues;
};

/** A playbook's team exists, its pools have reps, and its conditions read questions some form asks. */
const assignmentIssues = (
  playbooks: readonly Located<Playbook>[],
  teams: readonly Located<Team>[],
  fields: ReadonlyMap<string, readonly { question: Question }[]>,
): DocumentIssue[] => {
  const issues: DocumentIssue[] = [];
  const teamsById = new Map<string, Team>();
  for (const { document: team } of teams) if (!teamsById.has(team.id)) teamsById.set(team.id, team);

  for (const { file, document: playbook } of playbooks) {
    const team = playbook.team === undefined ? undefined : teamsById.get(playbook.team);
    if (playbook.team !== undefined && !team) {
      issues.push({ file, path: 'team', message: `team "${playbook.team}" does not exist (teams: ${[...teamsById.keys()].join(', ') || 'none'})` });
    }
    const pools = new Set(team?.reps.flatMap((rep) => rep.pools));
    (playbook.assign ?? []).forEach((rule, index) => {
      const path = `assign.${index}`;
      if (team && !pools.has(rule.pool)) {
        issues.push({ file, path: `${path}.pool`, message: `no rep of team "${team.id}" is in pool "${rule.pool}" (pools: ${[...pools].join(', ')})` });
      }
      const condition = rule.if;
      if (!condition) return;
      const asked = fields.get(condition.field);
      if (!asked) {
        issues.push({ file, path: `${path}.if.field`, message: `no form asks field "${condition.field}"` });
        return;
      }
      const known = asked.map((a) => answerValues(a.question));
      if (known.some((values) => values === undefined)) return;
      const allowed = new Set(known.flat());
      const values = 'equals' in condition ? [condition.equals] : 'in' in condition ? condition.in : 'notIn' in condition ? condition.notIn : [];
      for (const value of values) {
        if (!allowed.has(String(value))) {
          issues.push({
            file,
            path: `${path}.if`,
            message: `"${String(value)}" is not an option of question "${condition.field}" (options: ${[...allowed].join(', ')})`,
          });
        }
      }
    });
  }
  return issues;
};
