import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { FunnelOut } from '../../functions/http/wire.js';
import { presetPeriod } from '../../widget/admin/period-presets.js';
import { browserSuite, useChromium } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { expectNoViolations, lookAt } from './helpers/looks.js';
import { anEmail, eventually } from './helpers/widget-page.js';

interface PlaybookView {
  returnReasons?: string[];
  followUp?: { reasonsWithoutAttempts: string[] };
}

/** The text of each cell of a table's body, row by row. */
const rowsOf = async (table: Locator): Promise<string[][]> =>
  Promise.all((await table.locator('tbody tr').all()).map(async (row) => (await row.locator('th, td').allTextContents()).map((text) => text.trim())));

/** The smallest font size, in px, of any text the funnel shows. */
const smallestText = (page: Page): Promise<number> =>
  page.locator('section.funnel').evaluate((section) => {
    const sizes: number[] = [];
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (node.textContent?.trim() && parent && parent.getClientRects().length > 0) sizes.push(parseFloat(getComputedStyle(parent).fontSize));
    }
    return Math.min(...sizes);
  });

browserSuite('the admin page’s funnel, in Chromium', { timeout: 180_000 }, () => {
  const host = useLocalHost();
  const browser = useChromium();

  const aVisitor = async (formId: string): Promise<string> => ((await (await fetch(`${host.base}/v1/forms/${formId}/next`)).json()) as { leadId: string }).leadId;
  const aStep = async (formId: string, leadId: string, answers: Record<string, unknown>, utmSource?: string) => {
    const response = await fetch(`${host.base}/v1/forms/${formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId, submissionId: randomUUID(), answers, ...(utmSource ? { context: { pageUrl: 'https://www.example.com/', utm: { utm_source: utmSource } } } : {}) }),
    });
    expect(response.status).toBe(202);
  };
  const stageOf = async (leadId: string) => (await host.admin<{ stage: string }>(`/v1/admin/leads/${leadId}`)).stage;
  const scored = (leadId: string, stage: string) => host.waitFor(`lead ${leadId} in ${stage}`, async () => ((await stageOf(leadId)) === stage ? true : undefined));

  /** A visitor who asks for a demo (a hand-raiser form): the scorer makes it an MQL. */
  const aDemoRequest = async (leadId: string, utmSource?: string): Promise<string> => {
    await aStep('demo-request', leadId, { email: anEmail('funnel'), first_name: 'Grace', company_size: '201+' }, utmSource);
    await scored(leadId, 'MQL');
    return leadId;
  };
  /** A reader of the e-book who asks for nothing more. */
  const anEbookReader = async (): Promise<string> => {
    const leadId = await aVisitor('ebook-download');
    await aStep('ebook-download', leadId, { email: anEmail('reader'), company_size: '1-10' }, 'newsletter');
    return leadId;
  };

  const signedIn = async (path = '/admin'): Promise<Page> => {
    // en-GB: days read "3 Aug 2026", as the assertions spell them.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })).newPage();
    await page.goto(`${host.base}${path}`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    await page.getByRole('heading', { name: 'Funnel', level: 2 }).waitFor();
    return page;
  };
  const funnelOf = (page: Page) => page.getByRole('region', { name: 'Funnel' });
  const figure = (funnel: Locator, field: string) => funnel.locator(`[data-field=${field}] .funnel-figure-value`).textContent();
  const query = (page: Page) => new URL(page.url()).searchParams;

  it('says what the funnel will show and how to get the first leads while there are none', async () => {
    const page = await signedIn();
    const funnel = funnelOf(page);

    const empty = funnel.locator('[data-field=empty]');
    await empty.waitFor();

    const { from, to } = presetPeriod('last-30-days', new Date());
    const day = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(iso));
    expect(await empty.locator('.funnel-empty-title').textContent()).toBe(`No leads between ${day(from)} and ${day(to)}.`);
    expect(await empty.textContent()).toContain('marketing-qualified (MQL)');
    expect(await empty.locator('code').textContent()).toBe(`<div data-winnow-form="demo-request"></div>\n<script async\n  src="${host.base}/widget.js"></script>`);
    expect(await funnel.getByRole('link', { name: 'demo page' }).getAttribute('href')).toBe('/');
    expect(await funnel.getByRole('radio', { name: 'Last 30 days' }).isChecked()).toBe(true);
    expect(await funnel.getByRole('table').count()).toBe(0);
    expectNoViolations('funnel, empty', await lookAt(page, 'admin-funnel-empty', 'section.funnel'));
  });

  it('shows the figures, the funnel with nurture beside it, and by form at first or last touch, as the API counts them', async () => {
    // Prepare, by hand: an e-book reader who comes back for a demo (first touch: the e-book; last: the demo form),
    // a demo request that sales accepts and converts, one it returns, and a reader who asks nothing more.
    const playbook = await host.admin<PlaybookView>('/v1/admin/playbooks/default');
    const reason = playbook.followUp?.reasonsWithoutAttempts[0] ?? playbook.returnReasons?.[0] ?? 'no_budget';
    const cameBack = await anEbookReader();
    await aDemoRequest(cameBack);
    const converted = await aDemoRequest(await aVisitor('demo-request'), 'google');
    await host.admin(`/v1/admin/leads/${converted}/feedback`, { decision: 'accept' });
    await host.admin(`/v1/admin/leads/${converted}/feedback`, { decision: 'convert' });
    const returned = await aDemoRequest(await aVisitor('demo-request'), 'linkedin');
    await host.admin(`/v1/admin/leads/${returned}/feedback`, { decision: 'reject', reason });
    await anEbookReader();

    const page = await signedIn();
    const funnel = funnelOf(page);
    await funnel.locator('.funnel-overview').waitFor();
    // A form reads as its title, with its id under it.
    const titled = async (formId: string) => `${(await host.admin<{ title: string }>(`/v1/admin/forms/${formId}`)).title}${formId}`;
    const [demo, ebook] = [await titled('demo-request'), await titled('ebook-download')];
    const period = presetPeriod('last-30-days', new Date());
    const first = await host.admin<FunnelOut>(`/v1/admin/reports/funnel?${new URLSearchParams({ ...period })}`);
    const last = await host.admin<FunnelOut>(`/v1/admin/reports/funnel?${new URLSearchParams({ ...period, attribution: 'last' })}`);

    // The API counts what was made, by hand.
    expect(first).toMatchObject({ attribution: 'first', newLeads: 4, MQL: 3, SAL: 1, SQL: 1, nurture: 1, conversion: { leadToMql: 0.75, mqlToSal: 0.333, salToSql: 1, mqlToSql: 0.333 } });
    expect(first.byForm.map(({ formId, newLeads, MQL }) => [formId, newLeads, MQL])).toEqual([['demo-request', 2, 2], ['ebook-download', 2, 1]]);
    expect(last.byForm.map(({ formId, newLeads, MQL }) => [formId, newLeads, MQL])).toEqual([['demo-request', 3, 3], ['ebook-download', 1, 0]]);

    // The page shows the same: figures, the funnel's bars, nurture beside them (not a bar of the funnel).
    expect(await figure(funnel, 'newLeads')).toBe('4');
    expect(await figure(funnel, 'leadToMql')).toBe('75%');
    expect(await figure(funnel, 'mqlToSql')).toBe('33%');
    const stages = funnel.getByRole('figure', { name: 'Leads that reached each stage' });
    expect(await stages.getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('data-stage')))).toEqual(['MQL', 'SAL', 'SQL']);
    expect(await stages.locator('[data-stage=SAL] [data-field=count]').textContent()).toBe('1');
    expect(await stages.locator('[data-stage=SAL] [data-field=rate]').textContent()).toBe('33% of MQLs');
    expect(await stages.locator('[data-stage=SQL] [data-field=rate]').textContent()).toBe('100% of SALs');
    const nurture = funnel.getByRole('complementary', { name: 'Returned to nurture' });
    expect(await nurture.locator('[data-field=nurture] .funnel-value').textContent()).toBe('1');
    expect(await nurture.locator('[data-field=nurture] .funnel-rate').textContent()).toBe('33% of MQLs');
    expect(await rowsOf(nurture.getByRole('table', { name: 'Why sales returned leads' }))).toEqual([[expect.stringMatching(/\S/), '1']]);
    const byForm = () => funnel.getByRole('table', { name: /^By form/ });
    expect(await byForm().locator('caption').textContent()).toBe('By form, first touch');
    expect(await rowsOf(byForm())).toEqual([
      [demo, '2', '100%', '2', '1', '1', '1', '50%'],
      [ebook, '2', '50%', '1', '0', '0', '0', '0%'],
    ]);
    expect(await rowsOf(funnel.getByRole('table', { name: 'By utm_source, first touch' }))).toEqual(
      first.byUtmSource.map((row) => [row.utmSource === '(none)' ? 'None' : row.utmSource, String(row.newLeads), `${Math.round((row.conversion.leadToMql ?? 0) * 100)}%`, ...[row.MQL, row.SAL, row.SQL, row.nurture].map(String), row.conversion.mqlToSql === null ? '—' : `${Math.round(row.conversion.mqlToSql * 100)}%`]),
    );
    // At 390 px the text keeps a readable size (the old SVG chart shrank it to 7 px), and nothing scrolls sideways, in light or dark:
    // not the page, and not a breakdown, whose rows are cards with each figure under its column's name.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await smallestText(page)).toBeGreaterThanOrEqual(12);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      expect(await page.locator('section.funnel').evaluate((section) => section.scrollWidth <= section.clientWidth)).toBe(true);
      expect(await funnel.locator('.funnel-breakdown .table-scroll').evaluateAll((boxes) => boxes.map((box) => box.scrollWidth <= box.clientWidth))).toEqual([true, true]);
    }
    const card = byForm().locator('tbody tr').first();
    const [box, name, figures] = await Promise.all([card.boundingBox(), card.locator('th').boundingBox(), card.locator('td').evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content))]);
    expect(box?.width ?? 999).toBeLessThanOrEqual(390);
    expect(name?.width ?? 0).toBeGreaterThan((box?.width ?? 0) - 40);
    expect(figures).toEqual(['"New leads"', '"Lead → MQL"', '"MQL"', '"SAL"', '"SQL"', '"Nurture"', '"MQL → SQL"']);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
    // At 1280 px a breakdown is a table again, a column per figure.
    expect(await card.evaluate((row) => getComputedStyle(row).display)).toBe('table-row');
    const reports = await lookAt(page, 'admin-funnel-first-touch', 'section.funnel');

    // Act: last touch.
    await funnel.getByRole('radio', { name: 'Last touch' }).check();

    // Assess
    await eventually(() => byForm().locator('caption').textContent()).toBe('By form, last touch');
    // The switch stays where the keyboard left it: the report is filled in around it, not rebuilt.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('funnel-credit-last');
    expect(await rowsOf(byForm())).toEqual([
      [demo, '3', '100%', '3', '1', '1', '1', '33%'],
      [ebook, '1', '0%', '0', '0', '0', '0', '—'],
    ]);
    expect(query(page).get('funnel-credit')).toBe('last');
    expect(await figure(funnel, 'newLeads')).toBe('4');
    Object.assign(reports, Object.fromEntries(Object.entries(await lookAt(page, 'admin-funnel-last-touch', 'section.funnel')).map(([look, found]) => [`${look}, last touch`, found])));
    expectNoViolations('funnel', reports);

    // A reload (the token is kept for the tab) keeps the choice.
    await page.reload();
    await eventually(() => byForm().locator('caption').textContent()).toBe('By form, last touch');
    expect(await funnel.getByRole('radio', { name: 'Last touch' }).isChecked()).toBe(true);
  });

  it('shows a preset’s days at once, keeps the choice in the address, and custom days after “Show”', async () => {
    const page = await signedIn();
    const funnel = funnelOf(page);
    await funnel.locator('.funnel-overview').waitFor();
    const from = funnel.getByLabel('From', { exact: true });
    const to = funnel.getByLabel('To', { exact: true });
    expect(await from.isVisible()).toBe(false);

    await funnel.getByRole('radio', { name: 'Last 7 days' }).check();

    await eventually(() => query(page).get('funnel-period')).toBe('last-7-days');
    await eventually(() => funnel.locator('[data-field=summary]').textContent()).toMatch(/^Leads between .+ and .+\.$/);
    expect(await funnel.getByRole('status').textContent()).toMatch(/^Funnel between .+: 4 new leads, 3 MQLs, by form at first touch\.$/);

    await funnel.getByRole('radio', { name: 'Custom' }).check();

    expect(await from.isVisible()).toBe(true);
    expect({ from: await from.inputValue(), to: await to.inputValue() }).toEqual(presetPeriod('last-7-days', new Date()));
    await from.fill('2020-01-01');
    await to.fill('2020-01-31');
    await funnel.getByRole('button', { name: 'Show' }).click();

    await eventually(() => funnel.locator('.funnel-empty-title').textContent()).toBe('No leads between 1 Jan 2020 and 31 Jan 2020.');
    expect(Object.fromEntries(query(page))).toMatchObject({ 'funnel-period': 'custom', 'funnel-from': '2020-01-01', 'funnel-to': '2020-01-31' });
    const reports = await lookAt(page, 'admin-funnel-custom', 'section.funnel');

    // A day before the first is said on the page, not sent.
    await to.fill('2019-12-31');
    await funnel.getByRole('button', { name: 'Show' }).click();
    expect(await funnel.getByRole('alert').textContent()).toBe('Pick a last day on or after the first.');

    // The address opens the same choice.
    const again = await signedIn(`/admin?${query(page).toString()}`);
    await eventually(() => funnelOf(again).locator('.funnel-empty-title').textContent()).toBe('No leads between 1 Jan 2020 and 31 Jan 2020.');
    expect(await funnelOf(again).getByRole('radio', { name: 'Custom' }).isChecked()).toBe(true);

    await funnelOf(again).getByRole('radio', { name: 'This quarter' }).check();

    await funnelOf(again).locator('.funnel-overview').waitFor();
    expect(query(again).get('funnel-period')).toBe('this-quarter');
    expect(query(again).has('funnel-from')).toBe(false);
    expect(await figure(funnelOf(again), 'newLeads')).toBe('4');
    Object.assign(reports, Object.fromEntries(Object.entries(await lookAt(again, 'admin-funnel-this-quarter', 'section.funnel')).map(([look, found]) => [`${look}, this quarter`, found])));
    expectNoViolations('funnel periods', reports);
  });
});
