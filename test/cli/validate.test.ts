import { describe, it } from 'vitest';
import { assigningPlaybook, specForm, specPlaybook, specProject, specTeam, tempProject, teamProject } from './factories.js';
import { linesOf, runWinnow } from './run-winnow.js';

const playbookScoringUnknownThings = () => {
  const playbook = specPlaybook();
  return specPlaybook({
    fit: {
      ...playbook.fit,
      criteria: [
        { id: 'profile', field: 'company_size', points: { '1-10': 1, '51-200': 3 } },
        { id: 'authority', field: 'role', points: { decision_maker: 3, ceo: 5 } },
        { id: 'industry', field: 'industry', points: { software: 2 } },
      ],
    },
  });
};

// Each test spawns the CLI in its own temp project: running them side by side halves the wait.
describe.concurrent('winnow validate', () => {
  it('finds the repository examples valid', async ({ expect }) => {
    const run = await runWinnow(['validate']);

    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^\d+ files valid\n$/);
    expect(run.code).toBe(0);
  });

  it('prints one file: path: message line per cross-check problem of a playbook and exits 1', async ({ expect, onTestFinished }) => {
    const project = await specProject({ 'playbooks/default.json': playbookScoringUnknownThings() });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([
      'playbooks/default.json: fit.criteria.1.points.ceo: "ceo" is not an option of question "role" (options: decision_maker, influencer, user)',
      'playbooks/default.json: fit.criteria.2.field: no form asks field "industry"',
    ]);
    expect(run.stderr).toBe('2 problems in 1 of 2 files\n');
    expect(run.code).toBe(1);
  });

  it('refuses a __proto__ key, which would otherwise vanish while the file passed (as the API refuses it)', async ({ expect, onTestFinished }) => {
    const form = JSON.stringify(specForm(), null, 2).replace('"title":', '"__proto__": { "polluted": true },\n  "title":');
    const project = await specProject({ 'forms/demo-request.json': form });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toContain('forms/demo-request.json: __proto__: is a reserved name');
    expect(run.code).toBe(1);
  });

  it('refuses a public event type without a cap, naming it (a visitor could qualify itself)', async ({ expect, onTestFinished }) => {
    const interest = specPlaybook().interest;
    const project = await specProject({ 'playbooks/default.json': specPlaybook({ interest: { ...interest, caps: { page_view: 10 } } }) });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([
      'playbooks/default.json: interest.caps.pricing_view: public event "pricing_view" needs a cap: a browser may report it as often as it likes',
      'playbooks/default.json: interest.caps.content_download: public event "content_download" needs a cap: a browser may report it as often as it likes',
    ]);
    expect(run.code).toBe(1);
  });

  it('refuses a constructor key and a number past 2^53, which DynamoDB could not store (as the API refuses them)', async ({ expect, onTestFinished }) => {
    const playbook = JSON.stringify(specPlaybook(), null, 2).replace('"decision_maker": 3', '"constructor": 3').replace('"min": 50000', '"min": 90071992547409930');
    const project = await specProject({ 'playbooks/default.json': playbook });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([
      'playbooks/default.json: fit.criteria.1.points.constructor: is a reserved name',
      `playbooks/default.json: fit.criteria.3.ranges.0.min: is too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})`,
    ]);
    expect(run.code).toBe(1);
  });

  it('checks a named playbook against the project forms and reports on that file only', async ({ expect, onTestFinished }) => {
    const project = await specProject({
      'playbooks/default.json': playbookScoringUnknownThings(),
      'forms/orphan.json': specForm({ id: 'orphan', playbook: 'missing' }),
      'forms/unfinished.json': '{',
    });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate', 'playbooks/default.json'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toHaveLength(2);
    expect(run.stdout).not.toContain('orphan');
    expect(linesOf(run.stderr)).toEqual([
      'note: forms/unfinished.json has problems of its own, so the cross-checks ran without it',
      '2 problems in 1 of 1 file',
    ]);
    expect(run.code).toBe(1);
  });

  it('checks a named draft of a form in place of the project form with the same id', async ({ expect, onTestFinished }) => {
    const form = specForm();
    const project = await specProject({ 'draft.json': specForm({ questions: form.questions.filter((q) => q.id !== 'role') }) });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate', 'draft.json', 'playbooks/default.json'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: fit.criteria.1.field: no form asks field "role"']);
    expect(run.code).toBe(1);
  });

  it('reports a routing grid missing a cell at that cell, and not again as a missing playbook on its forms', async ({ expect, onTestFinished }) => {
    const playbook = specPlaybook();
    const project = await specProject({
      'playbooks/default.json': specPlaybook({ routing: { ...playbook.routing, B: { hot: 'sales', warm: 'sales' } } }),
    });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: routing.B.cold: routing does not say who owns a grade B, cold lead']);
    expect(run.code).toBe(1);
  });

  it('reports invalid JSON as a problem of its file, with the line and column', async ({ expect, onTestFinished }) => {
    const project = await specProject({ 'forms/broken.json': '{\n  "id" "broken"\n}\n' });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([expect.stringMatching(/^forms\/broken\.json: \(root\): invalid JSON: .+ at line 2, column 8$/)]);
    expect(run.stderr).toBe('1 problem in 1 of 3 files\n');
    expect(run.code).toBe(1);
  });

  it('reports a form naming a playbook that does not exist', async ({ expect, onTestFinished }) => {
    const project = await specProject({ 'forms/demo-request.json': specForm({ playbook: 'enterprise' }) });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate', 'forms/demo-request.json'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual(['forms/demo-request.json: playbook: playbook "enterprise" does not exist (playbooks: default)']);
    expect(run.code).toBe(1);
  });

  it('tells a form from a playbook by its shape outside forms/ and playbooks/, and complains when it cannot', async ({ expect, onTestFinished }) => {
    const project = await tempProject({
      'shapes/form.json': { ...specForm(), $schema: undefined, playbook: 'missing' },
      'shapes/unknown.json': { id: 'x' },
    });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate', 'shapes/form.json', 'shapes/unknown.json'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([
      'shapes/form.json: playbook: playbook "missing" does not exist (playbooks: none)',
      expect.stringMatching(/^shapes\/unknown\.json: \(root\): cannot tell whether this is a form, a playbook or a team/),
    ]);
    expect(run.stderr).toBe('2 problems in 2 of 2 files\n');
  });

  it('finds a form, its playbook and the team the playbook assigns to valid together, counting the team', async ({ expect, onTestFinished }) => {
    const project = await teamProject();
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('3 files valid\n');
    expect(run.code).toBe(0);
  });

  it('reports a playbook naming a team that does not exist, listing the teams there are, and exits 1', async ({ expect, onTestFinished }) => {
    const project = await teamProject({ 'playbooks/default.json': assigningPlaybook({ team: 'support' }) });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: team: team "support" does not exist (teams: sales)']);
    expect(run.stderr).toBe('1 problem in 1 of 3 files\n');
    expect(run.code).toBe(1);
  });

  it('reports a playbook naming a team when the project has no teams/ at all', async ({ expect, onTestFinished }) => {
    const project = await specProject({ 'playbooks/default.json': assigningPlaybook() });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate', 'playbooks/default.json'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: team: team "sales" does not exist (teams: none)']);
    expect(run.code).toBe(1);
  });

  it('reports an assign rule whose pool has no rep of the team, naming the pools there are', async ({ expect, onTestFinished }) => {
    const project = await teamProject({ 'playbooks/default.json': assigningPlaybook({ assign: [{ pool: 'partners' }] }) });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: assign.0.pool: no rep of team "sales" is in pool "partners" (pools: enterprise, emea, mid)']);
    expect(run.code).toBe(1);
  });

  it('reports a broken team at its problem, and not again as a missing team on the playbooks that name it', async ({ expect, onTestFinished }) => {
    const reps = specTeam().reps.map((rep) => (rep.id === 'cy' ? { ...rep, workingHours: { mon: '12:00-08:00' } } : rep));
    const project = await teamProject({ 'teams/sales.json': specTeam({ reps }) });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([
      'teams/sales.json: reps.2.workingHours.mon: must start before it ends ("12:00-08:00" does not); hours that cross midnight are two days',
    ]);
    expect(run.stderr).toBe('1 problem in 1 of 3 files\n');
    expect(run.code).toBe(1);
  });

  it('reports two teams with one id, as it does two playbooks (one would overwrite the other)', async ({ expect, onTestFinished }) => {
    const project = await teamProject({ 'teams/sales-copy.json': specTeam() });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(linesOf(run.stdout)).toEqual([
      expect.stringMatching(/^teams\/sales\.json: id: id "sales" is also used by \S*teams\/sales-copy\.json: one would overwrite the other when published$/),
    ]);
    expect(run.code).toBe(1);
  });

  it('tells a team by its shape outside teams/', async ({ expect, onTestFinished }) => {
    const project = await teamProject({ 'drafts/sales.json': { ...specTeam(), $schema: undefined, reps: [] } });
    onTestFinished(project.remove);

    const run = await runWinnow(['validate', 'drafts/sales.json'], { cwd: project.dir });

    // Read as a team, the file's one problem is its empty reps (zod words the message).
    expect(linesOf(run.stdout)).toEqual([expect.stringMatching(/^drafts\/sales\.json: reps: /)]);
    expect(run.code).toBe(1);
  });

  it('is a usage error when there is nothing to validate', async ({ expect, onTestFinished }) => {
    const project = await tempProject();
    onTestFinished(project.remove);

    const run = await runWinnow(['validate'], { cwd: project.dir });

    expect(run.stderr).toBe('winnow: nothing to validate: no *.json in forms/, playbooks/ or teams/ here\n');
    expect(run.code).toBe(2);
  });
});
