import type { DocumentIssue } from '../functions/core/index.js';
import type { Host } from './host.js';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

export const formatProblem = ({ file, path, message }: DocumentIssue): string => `${file}: ${path || '(root)'}: ${message}`;

/**
 * One `file: path: message` line per problem on stdout (for editors and grep), the tally on
 * stderr, after a note for each project file whose absence may explain a cross-check problem.
 */
export const reportProblems = (host: Host, problems: readonly DocumentIssue[], fileCount: number, skipped: readonly string[] = []): void => {
  for (const problem of problems) host.stdout(formatProblem(problem));
  for (const file of skipped) host.stderr(`note: ${file} has problems of its own, so the cross-checks ran without it`);
  const filesWithProblems = new Set(problems.map((p) => p.file)).size;
  host.stderr(
    problems.length === 0
      ? `${plural(fileCount, 'file')} valid`
      : `${plural(problems.length, 'problem')} in ${filesWithProblems} of ${plural(fileCount, 'file')}`,
  );
};
