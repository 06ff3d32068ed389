import { FALLBACK_BAND, FALLBACK_GRADE, type Answer, type Playbook, type Score } from '../functions/core/index.js';
import { formatTable } from './table.js';

const NO_ANSWER = '—';

const showAnswer = (answer: Answer | null): string => {
  if (answer === null) return NO_ANSWER;
  return Array.isArray(answer) ? answer.join(', ') : String(answer);
};

/** "A ≥ 10, B ≥ 7, else D": the thresholds beside the result say why it is that result. */
const thresholds = (levels: Record<string, number>, fallback: string): string =>
  [...Object.entries(levels).map(([level, min]) => `${level} ≥ ${min}`), `else ${fallback}`].join(', ');

export interface ScoreReportInput {
  playbookFile: string;
  playbook: Playbook;
  score: Score;
  now: Date;
}

/** The readable `winnow simulate` report: each score, its breakdown as a table, and the owner. */
export const formatScoreReport = ({ playbookFile, playbook, score, now }: ScoreReportInput): string[] => {
  const { fit, interest, owner } = score;
  const criteria =
    fit.breakdown.length === 0
      ? ['  (no criteria)']
      : formatTable(
          [{ title: 'criterion' }, { title: 'field' }, { title: 'answer' }, { title: 'points', align: 'right' }],
          fit.breakdown.map((r) => [r.criterion, r.field, showAnswer(r.answer), String(r.points)]),
        );
  const events =
    interest.breakdown.length === 0
      ? ['  (no events)']
      : formatTable(
          [{ title: 'event' }, { title: 'count', align: 'right' }, { title: 'points', align: 'right' }, { title: '' }],
          interest.breakdown.map((r) => [r.type, String(r.count), String(r.points), r.capped ? 'capped' : '']),
        );
  return [
    `Playbook ${playbook.id} (${playbookFile}) at ${now.toISOString()}`,
    '',
    `Fit: ${fit.points} points, grade ${fit.grade} (${thresholds(playbook.fit.grades, FALLBACK_GRADE)})`,
    ...criteria,
    '',
    `Interest: ${interest.score}, band ${interest.band} (${thresholds(playbook.interest.bands, FALLBACK_BAND)})`,
    ...events,
    '',
    `Owner: ${owner} (grade ${fit.grade} × ${interest.band})`,
  ];
};
