import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { LATEST_DOCUMENT_TTL_MS } from '../../functions/app/documents.js';
import type { SpeedOut } from '../../functions/http/wire.js';
import { duration } from '../../widget/admin/format.js';
import { browserSuite, useChromium } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { expectNoViolations, lookAt } from './helpers/looks.js';
import { aPlaybookAssigningTo, aRoundTheClockTeam } from './helpers/sales-team.js';
import { anEmail, eventually } from './helpers/widget-page.js';

interface Assignment {
  rep?: string;
  round: number;
  assignedAt: string;
  missedAt?: string;
  touchedAt?: string;
}
interface LeadView {
  stage: string;
  assignments: Assignment[];
}

const TEAM = aRoundTheClockTeam();
// An SLA of 10.8 s, checked every second: a lead nobody touches moves on, and misses again, within the test.
const SLA_HOURS = 0.003;
const SLA_MINUTES = SLA_HOURS * 60;
const PLAYBOOK = { ...aPlaybookAssigningTo(TEAM.id), sla: { acceptWithinHours: SLA_HOURS, businessHours: true, maxReassignments: 1, escalateTo: ['sales-lead@example.com'] } };

/** The text a cell shows, its no-break spaces read as spaces. */
const cellsOf = async (row: Locator): Promise<string[]> => (await row.locator('th, td').allTextContents()).map((text) => text.replace(/\u00a0/g, ' ').trim());
const said = (text: string): string => text.replace(/\u00a0/g, ' ');

browserSuite('the admin page’s speed to lead, in Chromium', { timeout: 120_000 }, () => {
  const host = useLocalHost({ WINNOW_SLA_CHECK_SECONDS: '1' });
  const browser = useChromium();
  let publishedAt = 0;

  beforeAll(async () => {
    await host.admin(`/v1/admin/teams/${TEAM.id}`, TEAM, 'PUT');
    await host.admin('/v1/admin/playbooks/default', PLAYBOOK, 'PUT');
    publishedAt = Date.now();
  }, 30_000);

  const leadOf = (leadId: string) => host.admin<LeadView>(`/v1/admin/leads/${leadId}`);
  const decide = (leadId: string, feedback: Record<string, string>) => host.admin(`/v1/admin/leads/${leadId}/feedback`, feedback);

  /** A company of `size` asks for a demo: the scorer makes it an MQL and assigns it (201+ to Ana's enterprise pool, the rest to mid). */
  const anAssignedLead = async (size: string): Promise<{ leadId: string; rep: string }> => {
    // Every container sees the new playbook within the documents' cache time.
    await sleep(Math.max(0, publishedAt + LATEST_DOCUMENT_TTL_MS + 500 - Date.now()));
    const { leadId } = (await (await fetch(`${host.base}/v1/forms/demo-request/next`)).json()) as { leadId: string };
    const submitted = await fetch(`${host.base}/v1/forms/demo-request/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId, submissionId: randomUUID(), answers: { email: anEmail('speed'), first_name: 'Grace', company_size: size } }),
    });
    expect(submitted.status).toBe(202);
    const rep = await host.waitFor(`lead ${leadId} to be assigned`, async () => (await leadOf(leadId)).assignments[0]?.rep);
    return { leadId, rep };
  };

  /** Polls the lead until its assignments say `what`. */
  const assignmentOf = (leadId: string, what: string, found: (assignments: Assignment[]) => Assignment | undefined) =>
    host.waitFor(`lead ${leadId}: ${what}`, async () => found((await leadOf(leadId)).assignments));

  const signedIn = async (): Promise<Page> => {
    // en-GB: days read "3 Aug 2026", as the empty state's assertion spells them.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
    await page.goto(`${host.base}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    await page.getByRole('heading', { name: 'Speed to lead', level: 2 }).waitFor();
    return page;
  };

  it('says a time to first touch as a person would', () => {
    expect([null, 0, 0.1, 7.5, 59.6, 60, 130, 1441.2].map((minutes) => said(duration(minutes)))).toEqual(['—', '0 s', '6 s', '8 min', '1 h', '1 h', '2 h 10 min', '24 h 1 min']);
  });

  it('shows each rep’s and pool’s speed as the API reports it, marks a median past the SLA, and says when nothing was assigned', async () => {
    // Ana accepts her lead at once; one mid rep logs an attempt at once; the other mid rep misses theirs, which moves
    // to the first, who misses it too (the SLA escalates, they keep it) and accepts it late.
    const accepted = await anAssignedLead('201+');
    await decide(accepted.leadId, { decision: 'accept' });
    const attempted = await anAssignedLead('11-50');
    await decide(attempted.leadId, { decision: 'attempt', channel: 'call' });
    const missed = await anAssignedLead('11-50');
    const moved = await assignmentOf(missed.leadId, 'moved to the next rep', (assignments) => assignments.find((a) => a.round === 1 && a.rep));
    await assignmentOf(missed.leadId, 'missed again', (assignments) => assignments.find((a) => a.round === 1 && a.missedAt));
    // Touched well past the SLA: with the attempt at once, this rep's median lies past it too.
    await sleep(Math.max(0, Date.parse(moved.assignedAt) + 2.5 * SLA_MINUTES * 60_000 - Date.now()));
    await decide(missed.leadId, { decision: 'accept' });
    expect([accepted.rep, attempted.rep, missed.rep, moved.rep]).toEqual(['ana', attempted.rep, expect.not.stringMatching(attempted.rep), attempted.rep]);

    const page = await signedIn();
    const speed = page.getByRole('region', { name: 'Speed to lead' });
    const period = { from: await speed.getByLabel('From', { exact: true }).inputValue(), to: await speed.getByLabel('To', { exact: true }).inputValue() };
    const report = await host.admin<SpeedOut>(`/v1/admin/reports/speed?${new URLSearchParams(period)}`);
    const byRep = speed.getByRole('table', { name: 'By rep' });
    await eventually(() => byRep.locator('tbody tr').count()).toBe(3);

    // What the scenario made, as the API reports it.
    const repRow = (rep: string) => report.reps.find((row) => row.rep === rep);
    expect(repRow('ana')).toMatchObject({ name: 'Ana Ruiz', assigned: 1, accepted: 1, touched: 1, slaMisses: 0 });
    expect(repRow(missed.rep)).toMatchObject({ assigned: 1, touched: 0, slaMisses: 1, movedAway: 1, medianMinutesToFirstTouch: { working: null, wallClock: null } });
    expect(repRow(attempted.rep)).toMatchObject({ assigned: 2, accepted: 1, touched: 2, slaMisses: 1, reassignments: 1, movedAway: 0 });
    expect(report.pools.map(({ pool, assigned }) => [pool, assigned])).toEqual([['mid', 3], ['enterprise', 1]]);

    // The page shows the same numbers, reps by name.
    const expectedReps = report.reps.map((row) => [
      row.name,
      ...[row.assigned, row.accepted, row.returned, row.converted].map(String),
      said(duration(row.medianMinutesToFirstTouch.working)),
      said(duration(row.medianMinutesToFirstTouch.wallClock)),
      ...[row.slaMisses, row.reassignments, row.movedAway].map(String),
    ]);
    const shownReps = await Promise.all((await byRep.locator('tbody tr').all()).map(cellsOf));
    expect(shownReps).toEqual(expectedReps);
    expect(await cellsOf(byRep.locator('thead tr'))).toEqual(['Rep', 'Assigned', 'Accepted', 'Returned', 'Converted', 'Median first touch, working', 'Median first touch, wall clock', 'SLA misses', 'Moved to them', 'Moved away']);
    const byPool = speed.getByRole('table', { name: 'By pool' });
    expect(await Promise.all((await byPool.locator('tbody tr').all()).map(cellsOf))).toEqual(
      report.pools.map((row) => [
        row.pool ?? 'No pool',
        ...[row.assigned, row.unassigned, row.accepted, row.returned, row.converted].map(String),
        said(duration(row.medianMinutesToFirstTouch.working)),
        said(duration(row.medianMinutesToFirstTouch.wallClock)),
        ...[row.slaMisses, row.reassignments].map(String),
      ]),
    );

    // The chart: a bar per rep with its median working time; the rep whose median lies past the SLA is marked.
    const chart = speed.getByRole('figure', { name: 'Median working time to first touch, by rep' });
    const bars = chart.getByRole('listitem');
    expect(await bars.evaluateAll((items) => items.map((item) => item.getAttribute('data-rep')))).toEqual(report.reps.map((row) => row.rep));
    for (const row of report.reps) {
      const bar = chart.locator(`[data-rep="${row.rep}"]`);
      expect(said((await bar.locator('[data-field=median]').textContent()) ?? '')).toBe(said(duration(row.medianMinutesToFirstTouch.working)));
      const working = row.medianMinutesToFirstTouch.working;
      expect(await bar.locator('[data-field=over]').count()).toBe(working !== null && working > SLA_MINUTES ? 1 : 0);
    }
    expect(await chart.locator(`[data-rep="${attempted.rep}"] [data-field=over]`).textContent()).toBe('over SLA');
    expect(await chart.locator(`[data-rep="${missed.rep}"]`).textContent()).toContain('no first touch yet');
    expect(said((await chart.locator('[data-field=sla]').textContent()) ?? '')).toBe('SLA: first touch within 11 s of working time. A median past the dashed line is marked “over SLA”.');
    expect(await speed.locator('[data-field=summary]').textContent()).toMatch(/^Leads assigned between .+ and .+: 3 reps\.$/);
    const reports = await lookAt(page, 'admin-speed', 'section.speed');

    await speed.getByLabel('From', { exact: true }).fill('2020-01-01');
    await speed.getByLabel('To', { exact: true }).fill('2020-01-31');
    await speed.getByRole('button', { name: 'Show' }).click();

    await eventually(() => speed.locator('[data-field=empty]').textContent()).toBe('No leads were assigned between 1 Jan 2020 and 31 Jan 2020.');
    expect(await speed.getByRole('table').count()).toBe(0);
    expect(await speed.getByRole('figure').count()).toBe(0);
    Object.assign(reports, Object.fromEntries(Object.entries(await lookAt(page, 'admin-speed-empty', 'section.speed')).map(([look, found]) => [`${look}, empty`, found])));
    expectNoViolations('speed to lead', reports);

    // A last day before the first is said on the page, not sent.
    await speed.getByLabel('To', { exact: true }).fill('2019-12-31');
    await speed.getByRole('button', { name: 'Show' }).click();
    expect(await speed.getByRole('alert').textContent()).toBe('Pick a last day on or after the first.');
    expect(await speed.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });
});
