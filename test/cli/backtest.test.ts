import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'vitest';
import type { OutcomeRecord, PlaybookInput } from '../../functions/core/index.js';
import { specPlaybook, tempProject } from './factories.js';
import { linesOf, runWinnow } from './run-winnow.js';

const QUALIFIED_AT = '2025-02-20T10:00:00.000Z';

const aRecord = (leadId: string, overrides: Partial<OutcomeRecord> = {}): OutcomeRecord => ({
  leadId,
  cycle: 1,
  qualifiedAt: QUALIFIED_AT,
  outcome: 'open',
  handRaiser: false,
  playbookId: 'default',
  playbookVersion: 3,
  grade: 'A',
  band: 'cold',
  fitPoints: 0,
  interestScore: 0,
  answers: {},
  events: [],
  ...overrides,
});

/**
 * Four cycles SPEC's playbook made MQLs, and one of another playbook. A candidate asking 12 points
 * for A and 9 for B drops lead_two (8 points: C, warm) and lead_three (10 points: B, cold).
 */
const population = (): OutcomeRecord[] => [
  aRecord('lead_one', { outcome: 'converted', answers: { company_size: '201+', role: 'decision_maker', timeframe: '3m', budget: 60000 } }),
  aRecord('lead_two', {
    outcome: 'returned',
    reason: 'not_ready',
    grade: 'B',
    band: 'warm',
    answers: { company_size: '51-200', role: 'decision_maker', timeframe: '12m' },
    events: [
      { type: 'webinar_attended', at: QUALIFIED_AT },
      { type: 'pricing_view', at: QUALIFIED_AT },
    ],
  }),
  aRecord('lead_three', { cycle: 2, outcome: 'converted', answers: { company_size: '51-200', role: 'decision_maker', timeframe: '12m', budget: 20000 } }),
  aRecord('lead_four', { outcome: 'accepted', handRaiser: true, grade: 'D' }),
  aRecord('lead_five', { outcome: 'returned', playbookId: 'enterprise' }),
];

const jsonLines = (records: readonly unknown[]): string => records.map((record) => `${JSON.stringify(record)}\n`).join('');

const stricterGrades = (): PlaybookInput => specPlaybook({ fit: { ...specPlaybook().fit, grades: { A: 12, B: 9, C: 4 } } });

const OTHER_PLAYBOOK_NOTE = 'note: left out 1 of 5 cycles, qualified under other playbooks than default (enterprise)';
const NOT_SEEN = 'Only cycles that reached MQL are recorded: a backtest shows the MQLs a candidate drops, not the ones it would add.';

/** A temp project holding `files`, removed when the test ends; `backtest` runs in it. */
const project = async ({ onTestFinished }: TestContext, files: Record<string, unknown>) => {
  const folder = await tempProject(files);
  onTestFinished(folder.remove);
  return (...args: string[]) => runWinnow(['backtest', ...args], { cwd: folder.dir });
};

const withOutcomesFile = (context: TestContext, playbook: PlaybookInput = stricterGrades()) =>
  project(context, { 'candidate.json': playbook, 'outcomes.jsonl': jsonLines(population()) });

describe.concurrent('winnow backtest --outcomes', () => {
  it('prints the in-force and candidate figures side by side, and a note for cycles of other playbooks', async (context) => {
    // Prepare
    const { expect } = context;
    const backtest = await withOutcomesFile(context);

    // Act
    const run = await backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl');

    // Assess
    expect(linesOf(run.stdout)).toEqual([
      'Backtest of playbook default (candidate.json) on 4 cycles that reached MQL, from outcomes.jsonl',
      '',
      '               in force  candidate',
      '  MQLs                4          2',
      '    converted         2          1',
      '    accepted          1          1',
      '    returned          1          0',
      '    open              0          0',
      '  precision       75.0%     100.0%',
      '  recall         100.0%      50.0%',
      '',
      '2 cycles would change owner under the candidate: 1 converted, 1 returned.',
      NOT_SEEN,
    ]);
    expect(linesOf(run.stderr)).toEqual([OTHER_PLAYBOOK_NOTE]);
    expect(run.code).toBe(0);
  });

  it('lists with --compare each cycle whose MQL verdict changes, with the candidate’s grade and band', async (context) => {
    // Prepare
    const { expect } = context;
    const backtest = await withOutcomesFile(context);

    // Act
    const run = await backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl', '--compare');

    // Assess
    expect(linesOf(run.stdout).slice(13)).toEqual([
      '',
      'Cycles whose MQL verdict changes:',
      '  lead        cycle  qualified                 outcome               in force  candidate  grade  band',
      `  lead_two        1  ${QUALIFIED_AT}  returned (not_ready)  MQL       not MQL    C      warm`,
      `  lead_three      2  ${QUALIFIED_AT}  converted             MQL       not MQL    B      cold`,
    ]);
    expect(run.code).toBe(0);
  });

  it('prints the figures as JSON with --json, and the changed cycles with --compare', async (context) => {
    // Prepare
    const { expect } = context;
    const backtest = await withOutcomesFile(context);

    // Act
    const [plain, compared] = await Promise.all([
      backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl', '--json'),
      backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl', '--json', '--compare'),
    ]);

    // Assess
    expect(JSON.parse(plain.stdout)).toStrictEqual({
      playbook: 'default',
      cycles: 4,
      inForce: { mqls: 4, byOutcome: { converted: 2, accepted: 1, returned: 1, open: 0 }, precision: 0.75, recall: 1 },
      candidate: { mqls: 2, byOutcome: { converted: 1, accepted: 1, returned: 0, open: 0 }, precision: 1, recall: 0.5 },
      ownerChanges: { cycles: 2, byOutcome: { converted: 1, accepted: 0, returned: 1, open: 0 } },
    });
    const { changes } = JSON.parse(compared.stdout) as { changes: { leadId: string; candidate: { grade: string; band: string; mql: boolean } }[] };
    expect(changes.map(({ leadId, candidate }) => [leadId, candidate.grade, candidate.band, candidate.mql])).toEqual([
      ['lead_two', 'C', 'warm', false],
      ['lead_three', 'B', 'cold', false],
    ]);
    expect(linesOf(plain.stderr)).toEqual([OTHER_PLAYBOOK_NOTE]);
  });

  it('prints one row per --sweep value after the in-force row, and says why a value is invalid', async (context) => {
    // Prepare
    const { expect } = context;
    const backtest = await withOutcomesFile(context, specPlaybook());

    // Act
    const run = await backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl', '--sweep', 'fit.grades.B=8:10:1');

    // Assess
    expect(linesOf(run.stdout).slice(2)).toEqual([
      '  fit.grades.B     MQLs  converted  accepted  returned  open  precision  recall  owner changes',
      '  in force            4          2         1         1     0      75.0%  100.0%              —',
      '  8                   4          2         1         1     0      75.0%  100.0%              0',
      '  9                   3          2         1         0     0     100.0%  100.0%              1',
      '  10            invalid',
      '',
      'Invalid values:',
      '  fit.grades.B=10: fit.grades: grades must be listed from the highest threshold down (the first reached wins)',
      '',
      NOT_SEEN,
    ]);
    expect(run.code).toBe(0);
  });

  it('prints the sweep as JSON with --json, and exits 1 when no value makes a valid playbook', async (context) => {
    // Prepare
    const { expect } = context;
    const backtest = await withOutcomesFile(context, specPlaybook());

    // Act
    const [valid, invalid] = await Promise.all([
      backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl', '--sweep', 'fit.grades.A=11:12:1', '--json'),
      backtest('--playbook', 'candidate.json', '--outcomes', 'outcomes.jsonl', '--sweep', 'fit.grade.A=11:12:1', '--json'),
    ]);

    // Assess
    const { sweep } = JSON.parse(valid.stdout) as { sweep: { path: string; rows: { value: number; ok: boolean; ownerChanges: { cycles: number } }[] } };
    expect(sweep.path).toBe('fit.grades.A');
    expect(sweep.rows.map((row) => [row.value, row.ok, row.ownerChanges.cycles])).toEqual([
      [11, true, 1],
      [12, true, 1],
    ]);
    expect(valid.code).toBe(0);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ sweep: { rows: [{ value: 11, ok: false, issues: [{ path: 'fit.grade', message: 'is not in the playbook' }] }, { value: 12, ok: false }] } });
    expect(invalid.code).toBe(1);
  });

  it('names the line of the outcomes file that is not a cycle, and exits 2', async (context) => {
    // Prepare
    const { expect } = context;
    const [first, second] = population();
    const backtest = await project(context, {
      'candidate.json': stricterGrades(),
      'broken-json.jsonl': `${JSON.stringify(first)}\n\n{"leadId": "lead_two",\n`,
      'missing-date.jsonl': jsonLines([first, { ...second, qualifiedAt: undefined }]),
    });

    // Act
    const [brokenJson, missingDate] = await Promise.all([
      backtest('--playbook', 'candidate.json', '--outcomes', 'broken-json.jsonl'),
      backtest('--playbook', 'candidate.json', '--outcomes', 'missing-date.jsonl'),
    ]);

    // Assess
    expect(linesOf(brokenJson.stderr)).toEqual([expect.stringMatching(/^winnow: broken-json\.jsonl: line 3: invalid JSON: .* at column \d+$/)]);
    expect(brokenJson.code).toBe(2);
    expect(linesOf(missingDate.stderr)).toEqual([expect.stringMatching(/^winnow: missing-date\.jsonl: line 2: qualifiedAt: /)]);
    expect(missingDate.stdout).toBe('');
    expect(missingDate.code).toBe(2);
  });

  it('reports an invalid candidate playbook as simulate does, and exits 1 before reading any cycle', async (context) => {
    // Prepare
    const { expect } = context;
    const backtest = await project(context, { 'candidate.json': { ...stricterGrades(), fit: { criteria: [], grades: { A: 1, B: 2, C: 0 } } } });

    // Act
    const run = await backtest('--playbook', 'candidate.json', '--outcomes', 'missing.jsonl');

    // Assess
    expect(linesOf(run.stdout)).toEqual(['candidate.json: fit.grades: grades must be listed from the highest threshold down (the first reached wins)']);
    expect(run.code).toBe(1);
  });

  it.for([
    ['no playbook', ['--outcomes', 'o.jsonl'], 'winnow: backtest needs --playbook FILE (see winnow backtest --help)'],
    ['no source', ['--playbook', 'p.json'], 'winnow: backtest needs --api URL or --outcomes FILE (see winnow backtest --help)'],
    ['both sources', ['--playbook', 'p.json', '--outcomes', 'o.jsonl', '--api', 'http://127.0.0.1:1'], 'winnow: backtest reads --api or --outcomes, not both'],
    ['--api without a token', ['--playbook', 'p.json', '--api', 'http://127.0.0.1:1'], 'winnow: backtest needs the admin token in WINNOW_ADMIN_TOKEN'],
    [
      '--compare with --sweep',
      ['--playbook', 'p.json', '--outcomes', 'o.jsonl', '--compare', '--sweep', 'fit.grades.A=1:2:1'],
      'winnow: --compare lists the cycles of one candidate; a --sweep has many (run without --compare)',
    ],
    ['a malformed --sweep', ['--playbook', 'p.json', '--outcomes', 'o.jsonl', '--sweep', 'fit.grades.A=1:2'], 'winnow: --sweep must be PATH=FROM:TO:STEP, such as fit.grades.A=6:12:1'],
    ['a --sweep stepping 0', ['--playbook', 'p.json', '--outcomes', 'o.jsonl', '--sweep', 'fit.grades.A=1:2:0'], 'winnow: --sweep STEP must be more than 0'],
  ] as const)('refuses %s with one winnow: line and exit 2', async ([, args, message], { expect }) => {
    // Act
    const run = await runWinnow(['backtest', ...args]);

    // Assess
    expect(linesOf(run.stderr)).toEqual([message]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});

/** A stand-in for the outcomes route: two pages, the second behind a cursor; every request is kept to inspect. */
const outcomesApi = async (pages: Record<string, unknown>, status = 200) => {
  const requests: { url: string; authorization: string | undefined }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const cursor = new URL(request.url ?? '/', 'http://localhost').searchParams.get('cursor') ?? '';
    const body = status === 200 ? pages[cursor] : { error: { code: 'unauthorized', message: 'a valid admin token is required' } };
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

describe.concurrent('winnow backtest --api', () => {
  it('follows the cursor through every page with the admin token, reporting progress on stderr', async (context) => {
    // Prepare
    const { expect, onTestFinished } = context;
    const [one, two, three, four] = population();
    const api = await outcomesApi({ '': { outcomes: [one, two], cursor: 'page-2' }, 'page-2': { outcomes: [three, four] } });
    onTestFinished(api.close);
    const folder = await tempProject({ 'candidate.json': stricterGrades() });
    onTestFinished(folder.remove);

    // Act
    const run = await runWinnow(['backtest', '--playbook', 'candidate.json', '--api', `${api.url}/`, '--json'], {
      cwd: folder.dir,
      env: { WINNOW_ADMIN_TOKEN: 'test-token' },
    });

    // Assess
    expect(api.requests).toEqual([
      { url: '/v1/admin/reports/outcomes?limit=100', authorization: 'Bearer test-token' },
      { url: '/v1/admin/reports/outcomes?limit=100&cursor=page-2', authorization: 'Bearer test-token' },
    ]);
    expect(linesOf(run.stderr)).toEqual(['read 2 outcomes (page 1)…', 'read 4 outcomes (page 2)']);
    expect(JSON.parse(run.stdout)).toMatchObject({ cycles: 4, inForce: { mqls: 4 }, candidate: { mqls: 2 }, ownerChanges: { cycles: 2 } });
    expect(run.code).toBe(0);
  });

  it('asks the API for the period --from and --to name, and refuses one that is not a date before any request', async (context) => {
    // Prepare
    const { expect, onTestFinished } = context;
    const [one] = population();
    const api = await outcomesApi({ '': { outcomes: [one] } });
    onTestFinished(api.close);
    const folder = await tempProject({ 'candidate.json': stricterGrades() });
    onTestFinished(folder.remove);
    const env = { WINNOW_ADMIN_TOKEN: 'test-token' };

    // Act
    const run = await runWinnow(['backtest', '--playbook', 'candidate.json', '--api', api.url, '--from', '2026-07-01', '--to', '2026-09-30', '--json'], { cwd: folder.dir, env });
    const bad = await runWinnow(['backtest', '--playbook', 'candidate.json', '--api', api.url, '--from', 'last quarter'], { cwd: folder.dir, env });

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests.map(({ url }) => url)).toEqual(['/v1/admin/reports/outcomes?from=2026-07-01&to=2026-09-30&limit=100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^winnow: --from: /);
  });

  it('ends with one winnow: line and exit 1 when the API refuses the token', async (context) => {
    // Prepare
    const { expect, onTestFinished } = context;
    const api = await outcomesApi({}, 401);
    onTestFinished(api.close);
    const folder = await tempProject({ 'candidate.json': stricterGrades() });
    onTestFinished(folder.remove);

    // Act
    const run = await runWinnow(['backtest', '--playbook', 'candidate.json', '--api', api.url], { cwd: folder.dir, env: { WINNOW_ADMIN_TOKEN: 'wrong-token' } });

    // Assess
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual(['winnow: backtest failed after 0 outcomes: HTTP 401: a valid admin token is required']);
    expect(run.code).toBe(1);
  });

  it('stops with exit 1 when the API answers a cycle it cannot read, naming where', async (context) => {
    // Prepare
    const { expect, onTestFinished } = context;
    const [one] = population();
    const api = await outcomesApi({ '': { outcomes: [one, { ...one, outcome: 'won' }] } });
    onTestFinished(api.close);
    const folder = await tempProject({ 'candidate.json': stricterGrades() });
    onTestFinished(folder.remove);

    // Act
    const run = await runWinnow(['backtest', '--playbook', 'candidate.json', '--api', api.url], { cwd: folder.dir, env: { WINNOW_ADMIN_TOKEN: 'test-token' } });

    // Assess
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^winnow: backtest failed after 0 outcomes: the API answered an outcome this winnow cannot read: outcomes\.1\.outcome: /)]);
    expect(run.code).toBe(1);
  });
});
