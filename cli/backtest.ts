import {
  OUTCOMES,
  OutcomeRecordSchema,
  PlaybookSchema,
  backtest as backtestPlaybook,
  parseSweep,
  parseWith,
  sweep,
  type Backtest,
  type BacktestFigures,
  type CycleVerdict,
  type Issue,
  type OutcomeRecord,
  type OutcomeTally,
  type Playbook,
  type Sweep,
  type SweepRow,
} from '../functions/core/index.js';
import { OutcomesQuery } from '../functions/http/wire.js';
import * as z from '../functions/core/zod.js';
import { adminGet, adminToken, apiBase } from './admin-api.js';
import { parseJson, readUserFile } from './documents.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-code.js';
import type { Host } from './host.js';
import { parseArguments } from './parse-arguments.js';
import { reportProblems } from './report-problems.js';
import { formatTable } from './table.js';
import { commandUsage } from './usage.js';

const OPTIONS = {
  playbook: { type: 'string' },
  api: { type: 'string' },
  outcomes: { type: 'string' },
  json: { type: 'boolean' },
  compare: { type: 'boolean' },
  sweep: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

/** SPEC "Closed loop": the cycles that reached MQL, paged. */
const OUTCOMES_PATH = '/v1/admin/reports/outcomes';
/** The most a paged admin route answers at once (SPEC "HTTP API"): fewest round trips. */
const PAGE_LIMIT = 100;

const OutcomesPage = z.object({ outcomes: z.array(z.unknown()), cursor: z.optional(z.string()) });

class BacktestFailedError extends Error {
  override readonly name = 'BacktestFailedError';
}

const counted = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, noun: string): string => `${counted(n)} ${noun}${n === 1 ? '' : 's'}`;

const firstIssue = (issues: readonly Issue[]): string => {
  const [issue] = issues;
  if (!issue) return 'is not valid';
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
};

type Source = { kind: 'api'; api: string; token: string; period: URLSearchParams } | { kind: 'file'; file: string };

/** The period the API reads (its default: the last 30 days), checked as the route checks it, before any request. */
const periodOf = (values: { from?: string | undefined; to?: string | undefined }): URLSearchParams => {
  const given = Object.fromEntries(Object.entries({ from: values.from, to: values.to }).filter(([, value]) => value !== undefined));
  const parsed = parseWith(z.pick(OutcomesQuery, { from: true, to: true }), given);
  if (!parsed.ok) {
    const [issue] = parsed.issues;
    throw new UsageError(issue ? `--${issue.path}: ${issue.message}` : 'the period is not valid');
  }
  return new URLSearchParams(Object.entries(parsed.value).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

const sourceOf = (values: { api?: string | undefined; outcomes?: string | undefined; from?: string | undefined; to?: string | undefined }, host: Host): Source => {
  if (values.api !== undefined && values.outcomes !== undefined) throw new UsageError('backtest reads --api or --outcomes, not both');
  if (values.outcomes !== undefined) {
    if (values.from !== undefined || values.to !== undefined) throw new UsageError('--from and --to choose what --api reads; a file holds what was saved');
    return { kind: 'file', file: values.outcomes };
  }
  if (values.api === undefined) throw new UsageError('backtest needs --api URL or --outcomes FILE (see winnow backtest --help)');
  return { kind: 'api', api: apiBase('backtest', values.api), token: adminToken('backtest', host), period: periodOf(values) };
};

const sweepOf = (value: string | undefined, compare: boolean): Sweep | undefined => {
  if (value === undefined) return undefined;
  if (compare) throw new UsageError('--compare lists the cycles of one candidate; a --sweep has many (run without --compare)');
  const parsed = parseSweep(value);
  if (!parsed.ok) throw new UsageError(`--sweep ${firstIssue(parsed.issues)}`);
  return parsed.value;
};

/** The playbook as written (what a sweep edits) and as parsed (what scores). */
const loadPlaybook = async (file: string, cwd: string): Promise<{ json: unknown; playbook: Playbook } | { problems: Issue[] }> => {
  const parsed = parseJson(await readUserFile(file, cwd));
  if (!parsed.ok) return { problems: [{ path: '', message: `invalid JSON: ${parsed.message}` }] };
  const playbook = parseWith(PlaybookSchema, parsed.json);
  return playbook.ok ? { json: parsed.json, playbook: playbook.value } : { problems: playbook.issues };
};

/** A JSON line is its own document: "line 1" of it would point at the wrong line of the file. */
const lineMessage = (message: string): string => message.replace(/ at line 1, column (\d+)/, ' at column $1');

/** One cycle a line, as saved from the outcomes route; blank lines (a final newline) are nothing. */
const readOutcomesFile = async (file: string, cwd: string): Promise<OutcomeRecord[]> => {
  const lines = (await readUserFile(file, cwd)).split('\n');
  return lines.flatMap((line, index) => {
    if (line.trim() === '') return [];
    const where = `${file}: line ${index + 1}`;
    const json = parseJson(line);
    if (!json.ok) throw new UsageError(`${where}: invalid JSON: ${lineMessage(json.message)}`);
    const record = parseWith(OutcomeRecordSchema, json.json);
    if (!record.ok) throw new UsageError(`${where}: ${firstIssue(record.issues)}`);
    return [record.value];
  });
};


const fetchPage = async (host: Host, url: URL, token: string): Promise<{ outcomes: OutcomeRecord[]; cursor: string | undefined }> => {
  const response = await adminGet(host, url, token, 'application/json', BacktestFailedError);
  const body = parseJson(await response.text());
  const page = OutcomesPage.safeParse(body.ok ? body.json : undefined);
  if (!page.success) throw new BacktestFailedError(`${url.origin} did not answer {outcomes, cursor?}: is --api a Winnow API?`);
  const outcomes = page.data.outcomes.map((item, index) => {
    const record = parseWith(OutcomeRecordSchema, item, ['outcomes', index]);
    if (!record.ok) throw new BacktestFailedError(`the API answered an outcome this winnow cannot read: ${firstIssue(record.issues)}`);
    return record.value;
  });
  return { outcomes, cursor: page.data.cursor || undefined };
};

const fetchOutcomes = async (host: Host, api: string, token: string, period: URLSearchParams): Promise<OutcomeRecord[]> => {
  const outcomes: OutcomeRecord[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let page = 0;
  try {
    do {
      const url = new URL(`${api}${OUTCOMES_PATH}?${period.toString()}`);
      url.searchParams.set('limit', String(PAGE_LIMIT));
      if (cursor !== undefined) url.searchParams.set('cursor', cursor);
      const answer = await fetchPage(host, url, token);
      outcomes.push(...answer.outcomes);
      page += 1;
      host.progress(`read ${counted(outcomes.length)} outcomes (page ${page})${answer.cursor ? '…' : ''}`);
      // A server answering the same cursor again would loop forever.
      if (answer.cursor !== undefined && seen.has(answer.cursor)) throw new BacktestFailedError(`the API sent the same cursor twice (page ${page}); stopped`);
      if (answer.cursor !== undefined) seen.add(answer.cursor);
      cursor = answer.cursor;
    } while (cursor !== undefined);
  } catch (error) {
    host.progressDone();
    if (error instanceof BacktestFailedError) throw new BacktestFailedError(`backtest failed after ${counted(outcomes.length)} outcomes: ${error.message}`);
    throw error;
  }
  host.progressDone();
  return outcomes;
};

/** A candidate is compared with the playbook it would replace: cycles another playbook scored say nothing about it. */
const ofPlaybook = (host: Host, records: readonly OutcomeRecord[], playbook: Playbook): OutcomeRecord[] => {
  const kept = records.filter((record) => record.playbookId === playbook.id);
  const others = [...new Set(records.filter((record) => record.playbookId !== playbook.id).map((record) => record.playbookId))].sort();
  if (others.length > 0) {
    host.stderr(`note: left out ${counted(records.length - kept.length)} of ${plural(records.length, 'cycle')}, qualified under other playbooks than ${playbook.id} (${others.join(', ')})`);
  }
  return kept;
};

const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

const outcomeRows = (figures: readonly BacktestFigures[]): string[][] => [
  ['MQLs', ...figures.map((f) => String(f.mqls))],
  ...OUTCOMES.map((outcome) => [`  ${outcome}`, ...figures.map((f) => String(f.byOutcome[outcome]))]),
  ['precision', ...figures.map((f) => percent(f.precision))],
  ['recall', ...figures.map((f) => percent(f.recall))],
];

const tallyText = (tally: OutcomeTally): string =>
  OUTCOMES.filter((outcome) => tally[outcome] > 0)
    .map((outcome) => `${tally[outcome]} ${outcome}`)
    .join(', ');

const NOT_SEEN = 'Only cycles that reached MQL are recorded: a backtest shows the MQLs a candidate drops, not the ones it would add.';

const header = (playbookFile: string, playbook: Playbook, cycles: number, from: string): string =>
  `Backtest of playbook ${playbook.id} (${playbookFile}) on ${plural(cycles, 'cycle')} that reached MQL, from ${from}`;

const outcomeText = (verdict: CycleVerdict): string => (verdict.reason === undefined ? verdict.outcome : `${verdict.outcome} (${verdict.reason})`);
const mqlText = (mql: boolean): string => (mql ? 'MQL' : 'not MQL');

const formatBacktest = (result: Backtest, compare: boolean): string[] => {
  const { ownerChanges } = result;
  const lines = [
    ...formatTable([{ title: '' }, { title: 'in force', align: 'right' }, { title: 'candidate', align: 'right' }], outcomeRows([result.inForce, result.candidate])),
    '',
    ownerChanges.cycles === 0
      ? 'The candidate makes every recorded MQL again: no owner changes.'
      : `${plural(ownerChanges.cycles, 'cycle')} would change owner under the candidate: ${tallyText(ownerChanges.byOutcome)}.`,
    NOT_SEEN,
  ];
  if (!compare) return lines;
  const changed = result.verdicts.filter((verdict) => verdict.changed);
  if (changed.length === 0) return lines;
  return [
    ...lines,
    '',
    'Cycles whose MQL verdict changes:',
    ...formatTable(
      [{ title: 'lead' }, { title: 'cycle', align: 'right' }, { title: 'qualified' }, { title: 'outcome' }, { title: 'in force' }, { title: 'candidate' }, { title: 'grade' }, { title: 'band' }],
      changed.map((verdict) => [
        verdict.leadId,
        String(verdict.cycle),
        verdict.qualifiedAt,
        outcomeText(verdict),
        mqlText(verdict.inForce.mql),
        mqlText(verdict.candidate.mql),
        verdict.candidate.grade,
        verdict.candidate.band,
      ]),
    ),
  ];
};

const formatSweep = (spec: Sweep, inForce: BacktestFigures, rows: readonly SweepRow[]): string[] => {
  const figuresRow = (label: string, figures: BacktestFigures, changes: string): string[] => [
    label,
    String(figures.mqls),
    ...OUTCOMES.map((outcome) => String(figures.byOutcome[outcome])),
    percent(figures.precision),
    percent(figures.recall),
    changes,
  ];
  const table = formatTable(
    [
      { title: spec.path },
      { title: 'MQLs', align: 'right' },
      ...OUTCOMES.map((outcome) => ({ title: outcome, align: 'right' as const })),
      { title: 'precision', align: 'right' },
      { title: 'recall', align: 'right' },
      { title: 'owner changes', align: 'right' },
    ],
    [
      figuresRow('in force', inForce, '—'),
      ...rows.map((row) => (row.ok ? figuresRow(String(row.value), row.candidate, String(row.ownerChanges.cycles)) : [String(row.value), 'invalid'])),
    ],
  );
  const invalid = rows.flatMap((row) => (row.ok ? [] : [`  ${spec.path}=${row.value}: ${firstIssue(row.issues)}`]));
  return [...table, ...(invalid.length > 0 ? ['', 'Invalid values:', ...invalid] : []), '', NOT_SEEN];
};

const usage = (values: { help?: boolean | undefined }, host: Host): boolean => {
  if (values.help) host.stdout(commandUsage.backtest);
  return values.help === true;
};

/** `winnow backtest`: a candidate playbook re-scores the recorded MQL cycles, beside the playbook in force; nothing is written. */
export const backtest = async (args: string[], host: Host): Promise<ExitCode> => {
  const { values } = parseArguments('backtest', args, OPTIONS);
  if (usage(values, host)) return ExitCode.ok;
  if (values.playbook === undefined) throw new UsageError('backtest needs --playbook FILE (see winnow backtest --help)');
  const playbookFile = values.playbook;
  const source = sourceOf(values, host);
  const spec = sweepOf(values.sweep, values.compare === true);

  const loaded = await loadPlaybook(playbookFile, host.cwd);
  if ('problems' in loaded) {
    reportProblems(
      host,
      loaded.problems.map((problem) => ({ file: playbookFile, ...problem })),
      1,
    );
    return ExitCode.problems;
  }
  const { playbook } = loaded;

  let all: OutcomeRecord[];
  try {
    all = source.kind === 'file' ? await readOutcomesFile(source.file, host.cwd) : await fetchOutcomes(host, source.api, source.token, source.period);
  } catch (error) {
    if (!(error instanceof BacktestFailedError)) throw error;
    host.stderr(`winnow: ${error.message}`);
    return ExitCode.problems;
  }
  const records = ofPlaybook(host, all, playbook);
  const result = backtestPlaybook(records, playbook);
  const from = source.kind === 'file' ? source.file : source.api;

  if (spec) {
    const rows = sweep(records, loaded.json, spec.path, spec.from, spec.to, spec.step);
    const lines = values.json
      ? [JSON.stringify({ playbook: playbook.id, cycles: result.cycles, inForce: result.inForce, sweep: { ...spec, rows } }, null, 2)]
      : [header(playbookFile, playbook, result.cycles, from), '', ...formatSweep(spec, result.inForce, rows)];
    for (const line of lines) host.stdout(line);
    // Every value invalid is most likely a path that names the wrong thing: not a result to act on.
    return rows.some((row) => row.ok) ? ExitCode.ok : ExitCode.problems;
  }

  const { verdicts, ...figures } = result;
  const lines = values.json
    ? [JSON.stringify({ playbook: playbook.id, ...figures, ...(values.compare ? { changes: verdicts.filter((verdict) => verdict.changed) } : {}) }, null, 2)]
    : [header(playbookFile, playbook, result.cycles, from), '', ...formatBacktest(result, values.compare === true)];
  for (const line of lines) host.stdout(line);
  return ExitCode.ok;
};
