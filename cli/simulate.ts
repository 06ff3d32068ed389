import { PlaybookSchema, parseWith, scoreLead, type Issue, type LeadEvent, type Playbook, type Score } from '../functions/core/index.js';
import { parseJson, readUserFile } from './documents.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-code.js';
import type { Host } from './host.js';
import { AnswersInput, EventsInput, eventsAt, parseNow, readJsonFlag } from './lead-input.js';
import { parseArguments } from './parse-arguments.js';
import { reportProblems } from './report-problems.js';
import { formatScoreReport } from './score-report.js';
import { commandUsage } from './usage.js';

const OPTIONS = {
  playbook: { type: 'string' },
  answers: { type: 'string' },
  events: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const required = (value: string | undefined, flag: string): string => {
  if (value === undefined) throw new UsageError(`simulate needs ${flag} (see winnow simulate --help)`);
  return value;
};

const loadPlaybook = async (file: string, cwd: string): Promise<{ playbook?: Playbook; problems: Issue[] }> => {
  const parsed = parseJson(await readUserFile(file, cwd));
  if (!parsed.ok) return { problems: [{ path: '', message: `invalid JSON: ${parsed.message}` }] };
  const playbook = parseWith(PlaybookSchema, parsed.json);
  return playbook.ok ? { playbook: playbook.value, problems: [] } : { problems: playbook.issues };
};

/** The shape SPEC promises for `--json`, spelled out so a field added to Score does not leak into it. */
const scoreJson = ({ fit, interest, owner }: Score) => ({
  fit: { points: fit.points, grade: fit.grade, breakdown: fit.breakdown },
  interest: { score: interest.score, band: interest.band, breakdown: interest.breakdown },
  owner,
});

/** A typo in an event type would silently earn nothing; say so, on stderr so --json stays clean. */
const warnUnscoredEvents = (host: Host, playbook: Playbook, events: readonly LeadEvent[]): void => {
  const unscored = new Set(events.map((e) => e.type).filter((type) => !Object.hasOwn(playbook.interest.events, type)));
  for (const type of unscored) {
    host.stderr(`note: event type "${type}" is not in playbook ${playbook.id}'s interest.events, so it earns nothing`);
  }
};

/** `winnow simulate`: score one made-up lead with a playbook, no server involved. */
export const simulate = async (args: string[], host: Host): Promise<ExitCode> => {
  const { values } = parseArguments('simulate', args, OPTIONS);
  if (values.help) {
    host.stdout(commandUsage.simulate);
    return ExitCode.ok;
  }
  const playbookFile = required(values.playbook, '--playbook FILE');
  const now = parseNow(values.now, host.now());
  const answers = await readJsonFlag('--answers', required(values.answers, '--answers JSON'), AnswersInput, host.cwd);
  const events = values.events === undefined ? [] : eventsAt(await readJsonFlag('--events', values.events, EventsInput, host.cwd), now);

  const { playbook, problems } = await loadPlaybook(playbookFile, host.cwd);
  if (!playbook) {
    reportProblems(
      host,
      problems.map((problem) => ({ file: playbookFile, ...problem })),
      1,
    );
    return ExitCode.problems;
  }
  warnUnscoredEvents(host, playbook, events);
  const score = scoreLead(playbook, { answers, events }, now);
  const lines = values.json ? [JSON.stringify(scoreJson(score), null, 2)] : formatScoreReport({ playbookFile, playbook, score, now });
  for (const line of lines) host.stdout(line);
  return ExitCode.ok;
};
