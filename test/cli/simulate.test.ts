import { describe, it, type TestContext } from 'vitest';
import { gradeALeadAnswers, specPlaybook, tempProject } from './factories.js';
import { linesOf, runWinnow } from './run-winnow.js';

const NOW = '2024-06-01T00:00:00.000Z';
const THIRTY_DAYS_BEFORE = '2024-05-02T00:00:00.000Z';

/** A temp project holding `files`, removed when the test ends; `simulate` runs in it. */
const simulation = async ({ onTestFinished }: TestContext, files: Record<string, unknown>) => {
  const project = await tempProject(files);
  onTestFinished(project.remove);
  return (...args: string[]) => runWinnow(['simulate', '--playbook', 'playbook.json', ...args], { cwd: project.dir });
};

describe.concurrent('winnow simulate', () => {
  it("scores SPEC's example lead 12 points, grade A, and prints exactly {fit, interest, owner} with --json", async (context) => {
    const { expect } = context;
    const simulate = await simulation(context, { 'playbook.json': specPlaybook() });

    const run = await simulate('--answers', JSON.stringify(gradeALeadAnswers()), '--now', NOW, '--json');

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toStrictEqual({
      fit: {
        points: 12,
        grade: 'A',
        breakdown: [
          { criterion: 'profile', field: 'company_size', answer: '51-200', points: 3 },
          { criterion: 'authority', field: 'role', answer: 'decision_maker', points: 3 },
          { criterion: 'timeframe', field: 'timeframe', answer: '3m', points: 3 },
          { criterion: 'budget', field: 'budget', answer: 60000, points: 3 },
        ],
      },
      interest: { score: 0, band: 'cold', breakdown: [] },
      owner: 'sales',
    });
  });

  it('decays events to --now: a 30-day-old pricing_view worth 5 earns 2.5, and one without a date earns it all', async (context) => {
    const { expect } = context;
    const simulate = await simulation(context, { 'playbook.json': specPlaybook() });
    const events = [{ type: 'pricing_view', at: THIRTY_DAYS_BEFORE }, { type: 'content_download' }];

    const run = await simulate('--answers', '{}', '--events', JSON.stringify(events), '--now', NOW, '--json');

    const { interest } = JSON.parse(run.stdout) as { interest: unknown };
    expect(interest).toStrictEqual({
      score: 7.5,
      band: 'cold',
      breakdown: [
        { type: 'content_download', count: 1, points: 5, capped: false },
        { type: 'pricing_view', count: 1, points: 2.5, capped: false },
      ],
    });
  });

  it('prints a readable report with a row per criterion and per event type, in aligned columns', async (context) => {
    const { expect } = context;
    const pageViews = Array.from({ length: 12 }, () => ({ type: 'page_view', at: NOW }));
    const simulate = await simulation(context, {
      'playbook.json': specPlaybook(),
      'answers.json': { company_size: '51-200', role: 'influencer' },
      'events.json': pageViews,
    });

    const run = await simulate('--answers', '@answers.json', '--events', '@events.json', '--now', NOW);

    expect(linesOf(run.stdout)).toEqual([
      `Playbook default (playbook.json) at ${NOW}`,
      '',
      'Fit: 5 points, grade C (A ≥ 10, B ≥ 7, C ≥ 4, else D)',
      '  criterion  field         answer      points',
      '  profile    company_size  51-200           3',
      '  authority  role          influencer       2',
      '  timeframe  timeframe     —                0',
      '  budget     budget        —                0',
      '',
      'Interest: 10, band cold (hot ≥ 40, warm ≥ 15, else cold)',
      '  event      count  points',
      '  page_view     12      10  capped',
      '',
      'Owner: marketing (grade C × cold)',
    ]);
    expect(run.code).toBe(0);
  });

  it('prints the problems of an invalid playbook as file: path: message and exits 1', async (context) => {
    const { expect } = context;
    const playbook = specPlaybook();
    const simulate = await simulation(context, { 'playbook.json': specPlaybook({ routing: { ...playbook.routing, D: { hot: 'marketing' } } }) });

    const run = await simulate('--answers', '{}');

    expect(linesOf(run.stdout)).toEqual([
      'playbook.json: routing.D.warm: routing does not say who owns a grade D, warm lead',
      'playbook.json: routing.D.cold: routing does not say who owns a grade D, cold lead',
    ]);
    expect(run.code).toBe(1);
  });

  it.for([
    ['--answers that is not JSON', ['--answers', '{"role":'], /^winnow: --answers is not valid JSON: /],
    ['--answers that is not an object', ['--answers', '["role"]'], /^winnow: --answers: must be a JSON object of field → answer$/],
    ['--events with a date that is not ISO 8601', ['--answers', '{}', '--events', '[{"type":"page_view","at":"yesterday"}]'], /^winnow: --events: 0\.at: must be an ISO 8601 date-time/],
    ['--now that is not a date-time', ['--answers', '{}', '--now', 'tomorrow'], /^winnow: --now must be an ISO 8601 date-time/],
    ['--answers from a file that does not exist', ['--answers', '@missing.json'], /^winnow: cannot read missing\.json: no such file$/],
    ['no --answers', [], /^winnow: simulate needs --answers JSON/],
  ] as const)('rejects %s in one line with exit 2', async ([, args, message], context) => {
    const { expect } = context;
    const simulate = await simulation(context, { 'playbook.json': specPlaybook() });

    const run = await simulate(...args);

    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(message)]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});
