import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { LATEST_DOCUMENT_TTL_MS } from '../../functions/app/documents.js';
import { DAY_MS } from '../../functions/core/time.js';
import { browserSuite, useChromium } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { expectNoViolations, lookAt } from './helpers/looks.js';
import { aPlaybookAssigningTo, aRoundTheClockTeam } from './helpers/sales-team.js';
import { anEmail, eventually } from './helpers/widget-page.js';

interface Standing {
  id: string;
  availability: string;
  open: number;
  away?: { from: string; to: string; note?: string };
  nextIn: string[];
}
interface LeadView {
  stage: string;
  rep?: string;
  pool?: string;
  attempts: { channel: string; note?: string; by: string }[];
}

// One open lead fills Ana: the enterprise lead of the second test.
const TEAM = aRoundTheClockTeam(1);
const ZONE = TEAM.timezone;

browserSuite('the admin page with a sales team, in Chromium', { timeout: 90_000 }, () => {
  const host = useLocalHost();
  const browser = useChromium();
  let publishedAt = 0;

  beforeAll(async () => {
    await host.admin(`/v1/admin/teams/${TEAM.id}`, TEAM, 'PUT');
    await host.admin('/v1/admin/playbooks/default', aPlaybookAssigningTo(TEAM.id), 'PUT');
    publishedAt = Date.now();
  }, 30_000);

  const standingOf = async (repId: string): Promise<Standing | undefined> =>
    (await host.admin<{ standing: Standing[] }>(`/v1/admin/teams/${TEAM.id}`)).standing.find((rep) => rep.id === repId);

  /** A 201+ company asks for a demo: the scorer makes it an MQL of the enterprise pool, which only Ana serves. */
  const anEnterpriseLead = async (): Promise<{ leadId: string; email: string }> => {
    // Every container sees the new playbook within the documents' cache time.
    await sleep(Math.max(0, publishedAt + LATEST_DOCUMENT_TTL_MS + 500 - Date.now()));
    const email = anEmail('enterprise');
    const { leadId } = (await (await fetch(`${host.base}/v1/forms/demo-request/next`)).json()) as { leadId: string };
    const submitted = await fetch(`${host.base}/v1/forms/demo-request/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId, submissionId: randomUUID(), answers: { email, first_name: 'Grace', company_size: '201+' } }),
    });
    expect(submitted.status).toBe(202);
    await host.waitFor(`lead ${leadId} to be assigned`, async () => ((await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).rep ? true : undefined));
    return { leadId, email };
  };

  const signedIn = async (): Promise<Page> => {
    // en-GB: dates read "17 Aug", as the assertions spell them.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
    await page.goto(`${host.base}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    await page.getByRole('heading', { name: 'Team', level: 2 }).waitFor();
    return page;
  };

  const repCard = (page: Page, name: string) => page.getByRole('listitem', { name });

  it('a sales manager sees each rep’s pools, load and turn, marks a rep away and back, and the API’s standing agrees', async () => {
    const page = await signedIn();
    const ben = repCard(page, 'Ben Okafor');
    const lastDay = formatInTimeZone(Date.now() + 14 * DAY_MS, ZONE, 'yyyy-MM-dd');

    await eventually(() => ben.locator('[data-field=availability]').textContent()).toBe('Available');
    expect(await repCard(page, 'Ana Ruiz').textContent()).toContain('enterprise, emea');
    expect(await repCard(page, 'Ana Ruiz').textContent()).toContain('0 of 1');
    // Each pool has exactly one rep whose turn is next.
    const turns = (await page.locator('[data-field=next]').allTextContents()).flatMap((text) => text.replace('Next in: ', '').split(', '));
    expect(turns.sort()).toEqual(['emea', 'enterprise', 'mid']);

    await ben.getByRole('button', { name: 'Mark away: Ben Okafor' }).click();
    const form = page.getByRole('form', { name: 'Mark Ben Okafor away' });
    await form.getByLabel('Last day away').fill(lastDay);
    await form.getByLabel('Note (optional)').fill('Vacation');
    const reports = await lookAt(page, 'admin-team-away-form');
    await form.getByRole('button', { name: 'Save absence' }).click();

    // Away through the last day: the absence ends at the next midnight of the team's zone.
    const backOn = fromZonedTime(`${new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)}T00:00:00`, ZONE);
    const until = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short' }).format(Date.parse(`${lastDay}T12:00:00Z`));
    await eventually(() => ben.locator('[data-field=availability]').textContent()).toBe(`Away until ${until}`);
    expect(await ben.textContent()).toContain('“Vacation”');
    expect(await ben.textContent()).not.toContain('Next in');
    expect(await page.locator('section.team').getByRole('status').textContent()).toBe(`Ben Okafor is away until ${until}.`);
    const standing = await standingOf('ben');
    expect(standing).toMatchObject({ availability: 'away', away: { to: backOn.toISOString(), note: 'Vacation' }, nextIn: [] });
    expect(Date.parse(standing?.away?.from ?? '')).toBeLessThanOrEqual(Date.now());
    Object.assign(reports, Object.fromEntries(Object.entries(await lookAt(page, 'admin-team')).map(([look, report]) => [`${look}, away`, report])));
    expectNoViolations('team', reports);

    await ben.getByRole('button', { name: 'Back now: Ben Okafor' }).click();

    await eventually(() => ben.locator('[data-field=availability]').textContent()).toBe('Available');
    expect(await standingOf('ben')).toMatchObject({ availability: 'available' });
    expect((await standingOf('ben'))?.away).toBeUndefined();
  });

  it('a rep’s lead shows who has it and by when; a return waits for a logged attempt, which the lead then lists', async () => {
    const { leadId, email } = await anEnterpriseLead();
    const page = await signedIn();
    const row = page.locator('.leads').getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) });
    await eventually(() => row.textContent()).toContain('Ana Ruiz');

    await page.getByLabel('Rep', { exact: true }).selectOption({ label: 'Unassigned' });
    await eventually(() => page.locator('.leads caption, .leads p.muted').first().textContent()).toContain('unassigned');
    expect(await row.count()).toBe(0);
    await page.getByLabel('Rep', { exact: true }).selectOption({ label: 'Ana Ruiz' });
    await eventually(() => row.count()).toBe(1);

    // Her one open lead fills Ana.
    const ana = repCard(page, 'Ana Ruiz');
    expect(await ana.locator('[data-field=availability]').textContent()).toBe('Full (1/1)');
    expect(await standingOf('ana')).toMatchObject({ availability: 'full', open: 1 });
    expect(await page.locator('[data-field=stuck]').textContent()).toBe(
      'Nobody can take a lead in enterprise now: its leads wait unassigned, and sales-lead@example.com is told.',
    );

    await page.getByRole('button', { name: email }).click();
    await eventually(() => page.locator('[data-field=rep]').textContent()).toBe('Ana Ruiz');
    expect(await page.locator('[data-field=due]').textContent()).toMatch(/\(in \d+ (hr|hours?|min)/);

    await page.getByRole('button', { name: 'Return', exact: true }).click();
    await page.getByRole('radio', { name: 'Not ready' }).check();
    await page.getByRole('button', { name: 'Return to marketing' }).click();
    await eventually(() => page.locator('.decide [role=alert]').textContent()).toBe(
      'Log 1 more contact attempt before returning this lead as “Not ready” (1 needed this cycle, 0 logged); “Spam” needs none.',
    );
    expect((await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).stage).toBe('MQL');

    await page.getByLabel('Channel').selectOption({ label: 'Call' });
    await page.getByLabel('Note (optional)').fill('Left a voicemail');
    await page.getByRole('button', { name: 'Log attempt' }).click();

    await eventually(() => page.locator('section.lead').getByRole('status').textContent()).toBe('Logged: call attempt. The lead stays MQL.');
    expect(await page.getByRole('table', { name: 'Contact attempts' }).getByRole('row', { name: /Call Left a voicemail Admin 1$/ }).count()).toBe(1);
    expect(await page.locator('[data-field=due]').textContent()).toContain('met');
    expect((await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).attempts).toMatchObject([{ channel: 'call', note: 'Left a voicemail', by: 'admin' }]);
    expectNoViolations('lead with a rep', await lookAt(page, 'admin-lead-assigned'));

    await page.getByRole('button', { name: 'Return', exact: true }).click();
    await page.getByRole('radio', { name: 'Not ready' }).check();
    await page.getByRole('button', { name: 'Return to marketing' }).click();

    await eventually(() => page.locator('[data-field=stage]').textContent()).toBe('nurture');
    expect((await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).stage).toBe('nurture');
    // The returned lead frees Ana's place.
    await eventually(() => ana.locator('[data-field=availability]').textContent()).toBe('Available');
  });
});
