import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { LATEST_DOCUMENT_TTL_MS } from '../../functions/app/documents.js';
import type { FormInput } from '../../functions/core/form.js';
import { axeReport, type AxeReport } from './helpers/axe.js';
import { browserSuite, screenshot, useChromium } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { looksAt } from './helpers/looks.js';
import { aPlaybookAssigningTo, aRoundTheClockTeam } from './helpers/sales-team.js';
import { anEmail, eventually } from './helpers/widget-page.js';

interface LeadView {
  stage: string;
  rep?: string;
}
interface LeadPage {
  leads: { leadId: string }[];
  counts?: Record<string, { count: number; more: boolean }>;
}

const TEAM = aRoundTheClockTeam();

/**
 * A hand-raiser form that names the lead: who, where, a phone and a message, in one step. Written out,
 * not the SPEC's form (aSpecFormInput) overridden: the two share only the email and company-size
 * questions, and the inbox shows (and the test reads) this form's own labels.
 */
const CONTACT_FORM: FormInput = {
  id: 'contact-sales',
  title: 'Contact sales',
  playbook: 'default',
  questionsPerStep: 8,
  handRaiser: true,
  thankYou: 'Thanks: a specialist will call you.',
  allowedOrigins: ['http://localhost:3000'],
  questions: [
    { id: 'email', type: 'email', label: 'Work email', required: true },
    { id: 'first_name', type: 'text', label: 'First name' },
    { id: 'last_name', type: 'text', label: 'Last name' },
    { id: 'company', type: 'text', label: 'Company' },
    {
      id: 'company_size',
      type: 'select',
      label: 'Company size',
      options: [
        { value: '1-10', label: '1–10' },
        { value: '11-50', label: '11–50' },
        { value: '51-200', label: '51–200' },
        { value: '201+', label: '201+' },
      ],
    },
    {
      id: 'role',
      type: 'select',
      label: 'Your role in the purchase',
      options: [
        { value: 'decision_maker', label: 'I decide' },
        { value: 'influencer', label: 'I recommend' },
        { value: 'user', label: 'I use it' },
      ],
    },
    { id: 'phone', type: 'tel', label: 'Phone (optional)' },
    { id: 'message', type: 'textarea', label: 'What would you like to see?' },
  ],
};

const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Screenshots and axe in every look; the page is left at 1280 × 800, light. */
const looksOf = async (page: Page, shot: string, selector = '.inbox'): Promise<Record<string, AxeReport>> => {
  const reports: Record<string, AxeReport> = {};
  for (const look of looksAt(800)) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.colorScheme });
    await frames(page);
    reports[`${shot}${look.name}`] = await axeReport(page);
    await screenshot(page, `${shot}${look.name}`, selector);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await frames(page);
  return reports;
};

const expectNoViolations = (reports: Record<string, AxeReport>): void => {
  const found = Object.entries(reports).flatMap(([look, report]) => [...report.blocking, ...report.other].map((violation) => `${look}: ${violation}`));
  console.log(`axe over ${Object.keys(reports).length} looks: ${found.length ? found.join('\n') : 'no violations'}`);
  expect(found).toEqual([]);
};

browserSuite('the admin page as a sales inbox, in Chromium', { timeout: 120_000 }, () => {
  const host = useLocalHost();
  const browser = useChromium();
  const people = { ada: { leadId: '', email: '' }, grace: { leadId: '', email: '' }, visitor: '' };
  const message = 'We route 40 reps across EMEA and need a demo of round-robin with working hours.';

  const post = (path: string, body: unknown) => fetch(`${host.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const aVisitor = async (formId: string) => ((await (await fetch(`${host.base}/v1/forms/${formId}/next`)).json()) as { leadId: string }).leadId;
  const untilAssigned = (leadId: string) =>
    host.waitFor(`lead ${leadId} to be an assigned MQL`, async () => {
      const lead = await host.admin<LeadView>(`/v1/admin/leads/${leadId}`);
      return lead.stage === 'MQL' && lead.rep ? true : undefined;
    });

  beforeAll(async () => {
    await host.admin(`/v1/admin/teams/${TEAM.id}`, TEAM, 'PUT');
    await host.admin('/v1/admin/playbooks/default', aPlaybookAssigningTo(TEAM.id), 'PUT');
    await host.admin(`/v1/admin/forms/${CONTACT_FORM.id}`, CONTACT_FORM, 'PUT');
    // Every container reads the new documents within the cache's time.
    await sleep(LATEST_DOCUMENT_TTL_MS + 500);

    // Ada asks sales to call: an enterprise company (Ana's pool), from a newsletter campaign.
    people.ada.email = anEmail('ada');
    people.ada.leadId = await aVisitor('contact-sales');
    expect(
      (
        await post('/v1/forms/contact-sales/submissions', {
          leadId: people.ada.leadId,
          submissionId: randomUUID(),
          answers: { email: people.ada.email, first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines', company_size: '201+', role: 'decision_maker', phone: '+44 20 7946 0018', message },
          context: { pageUrl: 'https://www.example.com/pricing', referrer: '', utm: { utm_source: 'newsletter', utm_campaign: 'december' } },
        })
      ).status,
    ).toBe(202);
    // Grace asks for a demo in the three steps of forms/demo-request.json (a mid-size company: the mid pool).
    people.grace.email = anEmail('grace');
    people.grace.leadId = await aVisitor('demo-request');
    for (const answers of [
      { email: people.grace.email, first_name: 'Grace', company_size: '51-200' },
      { role: 'influencer', timeframe: '3m', budget: 20000 },
      { phone: '+1 555 0100', message: 'Show me the SLA clock.' },
    ]) {
      expect((await post('/v1/forms/demo-request/submissions', { leadId: people.grace.leadId, submissionId: randomUUID(), answers })).status).toBe(202);
    }
    // A visitor who only viewed a page.
    people.visitor = await aVisitor('demo-request');
    expect((await post('/v1/events', { leadId: people.visitor, eventId: randomUUID(), type: 'page_view' })).status).toBe(202);

    await untilAssigned(people.ada.leadId);
    await untilAssigned(people.grace.leadId);
    await host.waitFor('the visitor to be scored', async () => ((await host.admin<LeadView>(`/v1/admin/leads/${people.visitor}`)).stage === 'lead' ? true : undefined));
  }, 90_000);


  const signedIn = async (path = '/admin', viewport = { width: 1280, height: 800 }): Promise<Page> => {
    // en-GB: times read "14:05", as the assertions spell them.
    const context = await browser.newContext({ viewport, locale: 'en-GB', acceptDownloads: true });
    await context.addInitScript((token) => sessionStorage.setItem('winnow.adminToken', token), ADMIN_TOKEN);
    const page = await context.newPage();
    await page.goto(`${host.base}${path}`);
    await page.locator('.leads table, .leads p.muted').first().waitFor();
    return page;
  };

  const inbox = (page: Page) => page.locator('section.leads');
  const rowOf = (page: Page, leadId: string) => inbox(page).locator(`tr[data-lead-row="${leadId}"]`);
  const tabCount = (page: Page, stage: string) => inbox(page).locator(`button[data-stage="${stage}"] .count`).textContent();

  it('lists MQLs full width, one line a cell, with name, company, form, what they asked, time left, and a count on each stage', async () => {
    const page = await signedIn();
    const ada = rowOf(page, people.ada.leadId);
    await ada.waitFor();

    expect(await ada.locator('th').textContent()).toBe(`Ada Lovelace ${people.ada.email}`);
    expect(await ada.locator('td.col-company').textContent()).toBe('Analytical Engines');
    expect(await ada.locator('td.col-form').textContent()).toBe('Contact sales');
    expect(await ada.locator('td.col-asked').textContent()).toBe(message);
    expect(await ada.locator('td.col-due').textContent()).toMatch(/^(\d+\u00a0d( \d+\u00a0h)?|\d+\u00a0h( \d+\u00a0min)?|\d+\u00a0min) left$/);
    expect(await rowOf(page, people.grace.leadId).locator('td.col-company').textContent()).toBe('—');
    // Full width with no lead open: the list spans the page's main column.
    const [list, main] = await Promise.all([inbox(page).boundingBox(), page.locator('main').boundingBox()]);
    expect(list?.width ?? 0).toBeGreaterThan((main?.width ?? 0) - 60);
    // One line a cell: no cell of the list is taller than its row's one line.
    const heights = await inbox(page).locator('tbody tr').evaluateAll((rows) => rows.flatMap((row) => [...row.children].map((cell) => (cell as HTMLElement).getBoundingClientRect().height)));
    expect(Math.max(...heights)).toBeLessThan(48);
    // The counts are the API's, under the inbox's filter (no page-view-only visitors).
    const api = await host.admin<LeadPage>('/v1/admin/leads?stage=MQL&anonymous=exclude&counts=true');
    expect(await tabCount(page, 'MQL')).toBe(String(api.counts?.MQL?.count));
    expect(await tabCount(page, 'lead')).toBe(String(api.counts?.lead?.count));

    expectNoViolations(await looksOf(page, 'admin-inbox'));
  });

  it('shows each lead as a card at 390 px, with no sideways scrolling of the page', async () => {
    const page = await signedIn('/admin', { width: 390, height: 844 });
    await rowOf(page, people.ada.leadId).waitFor();

    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    const display = await rowOf(page, people.ada.leadId).evaluate((row) => getComputedStyle(row).display);

    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(display).toBe('flex');
    expect(await inbox(page).getByRole('row', { name: /Ada Lovelace/ }).count()).toBe(1);
    await screenshot(page, 'admin-inbox-cards-390', '.inbox');
  });

  it('searches by name, email or company and filters by form, grade, band, rep, pool and date, the counts following', async () => {
    const page = await signedIn();
    await rowOf(page, people.ada.leadId).waitFor();
    const search = page.getByLabel('Search');
    const leadRows = () => inbox(page).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lead-row')));

    await search.fill('lovelace');
    await eventually(leadRows).toEqual([people.ada.leadId]);
    expect(await tabCount(page, 'MQL')).toBe('1');
    await search.fill('ANALYTICAL eng');
    await eventually(leadRows).toEqual([people.ada.leadId]);
    await search.fill(people.grace.email);
    await eventually(leadRows).toEqual([people.grace.leadId]);
    await screenshot(page, 'admin-inbox-search', '.inbox');
    await search.fill('');
    await search.dispatchEvent('search');
    await eventually(async () => (await leadRows()).length).toBeGreaterThan(1);

    await page.getByLabel('Form', { exact: true }).selectOption({ label: 'Contact sales' });
    await eventually(leadRows).toEqual([people.ada.leadId]);
    await page.getByLabel('Form', { exact: true }).selectOption('');
    await page.getByLabel('Pool', { exact: true }).selectOption('mid');
    await eventually(leadRows).toEqual([people.grace.leadId]);
    await page.getByLabel('Pool', { exact: true }).selectOption('');
    await page.getByLabel('Rep', { exact: true }).selectOption({ label: 'Ana Ruiz' });
    await eventually(leadRows).toEqual([people.ada.leadId]);
    await page.getByLabel('Rep', { exact: true }).selectOption('');
    const grade = await host.admin<{ fit: { grade: string }; interest: { band: string } }>(`/v1/admin/leads/${people.ada.leadId}`);
    await page.getByLabel('Fit grade').selectOption(grade.fit.grade);
    await eventually(leadRows).toContain(people.ada.leadId);
    await page.getByLabel('Interest', { exact: true }).selectOption(grade.interest.band);
    await eventually(leadRows).toContain(people.ada.leadId);
    expect(await page.locator('details.filters summary').textContent()).toBe('Filters (2)');
    await page.getByLabel('Came in to').fill('2001-01-01');
    await page.getByLabel('Came in to').dispatchEvent('change');
    await eventually(() => inbox(page).locator('.lead-list').textContent()).toMatch(/no lead matches\.$/);
    expect(await tabCount(page, 'MQL')).toBe('0');
    await screenshot(page, 'admin-inbox-filtered-empty', '.inbox');
    expectNoViolations({ 'filtered, empty': await axeReport(page) });

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => (await leadRows()).length).toBeGreaterThan(1);
    expect(await page.locator('details.filters summary').textContent()).toBe('Filters');
  });

  it('keeps the stage, search and filters in the address: a reload shows the same list and controls, Back the previous filter, and an open lead keeps them', async () => {
    // Prepare
    const page = await signedIn();
    await rowOf(page, people.ada.leadId).waitFor();
    const leadRows = () => inbox(page).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lead-row')));
    const listSays = () => inbox(page).locator('caption, .lead-list > p.muted').first().textContent();
    const address = () => {
      const [route = '', query = ''] = new URL(page.url()).hash.split('?');
      return { route, query: Object.fromEntries(new URLSearchParams(query)) };
    };
    const pressed = () => inbox(page).locator('button.stage[aria-pressed=true]').getAttribute('data-stage');

    // Act: a pool, then a search.
    await page.getByLabel('Pool', { exact: true }).selectOption('mid');
    await eventually(listSays).toBe('MQL: To accept (pool mid), hottest first');
    await page.getByLabel('Search').fill('Grace');

    // Assess: the list, and the address naming it.
    await eventually(listSays).toBe('MQL: To accept (pool mid, “Grace”), hottest first');
    expect(await leadRows()).toEqual([people.grace.leadId]);
    expect(address()).toEqual({ route: '#/leads', query: { q: 'Grace', pool: 'mid' } });

    // Act: reload.
    await page.reload();

    // Assess: the same list, and the controls say why.
    await eventually(listSays).toBe('MQL: To accept (pool mid, “Grace”), hottest first');
    expect(await leadRows()).toEqual([people.grace.leadId]);
    expect(await page.getByLabel('Search').inputValue()).toBe('Grace');
    expect(await page.getByLabel('Pool', { exact: true }).inputValue()).toBe('mid');
    expect(await page.getByLabel('Rep', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('details.filters summary').textContent()).toBe('Filters (1)');
    expect(await pressed()).toBe('MQL');
    await eventually(() => tabCount(page, 'MQL')).toBe('1');
    expectNoViolations(await looksOf(page, 'admin-inbox-filters-restored'));

    // Act: another stage, then Back, step by step.
    await inbox(page).locator('button[data-stage=lead]').click();
    await eventually(listSays).toMatch(/^Not qualified \(pool mid, “Grace”\), hottest first/);
    expect(address().query).toEqual({ stage: 'lead', q: 'Grace', pool: 'mid' });
    await page.goBack();

    // Assess: each Back restores the filter before it, in the list and the controls.
    await eventually(listSays).toBe('MQL: To accept (pool mid, “Grace”), hottest first');
    expect(await pressed()).toBe('MQL');
    await page.goBack();
    await eventually(listSays).toBe('MQL: To accept (pool mid), hottest first');
    expect(await page.getByLabel('Search').inputValue()).toBe('');
    expect(await leadRows()).toEqual([people.grace.leadId]);
    await page.goBack();
    await eventually(listSays).toBe('MQL: To accept, hottest first');
    expect(await page.getByLabel('Pool', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('details.filters summary').textContent()).toBe('Filters');
    await eventually(leadRows).toEqual(expect.arrayContaining([people.ada.leadId, people.grace.leadId]));
    // Back where the page opened: /admin, with no hash.
    expect(address()).toEqual({ route: '', query: {} });

    // Act: Forward to the search, and open the lead it found.
    await page.goForward();
    await page.goForward();
    await eventually(listSays).toBe('MQL: To accept (pool mid, “Grace”), hottest first');
    await inbox(page).getByRole('button', { name: /^Grace/ }).click();

    // Assess: the lead's address keeps the filters, and closing it comes back to them.
    await eventually(() => page.locator('#lead-title').textContent()).toBe('Grace');
    expect(address()).toEqual({ route: `#/leads/${people.grace.leadId}`, query: { q: 'Grace', pool: 'mid' } });
    await page.getByRole('button', { name: 'Close' }).click();
    await eventually(() => page.locator('section.lead').isHidden()).toBe(true);
    expect(address()).toEqual({ route: '#/leads', query: { q: 'Grace', pool: 'mid' } });
    expect(await listSays()).toBe('MQL: To accept (pool mid, “Grace”), hottest first');

    // A shared link to a lead and a filter: both shown.
    const shared = await signedIn(`/admin#/leads/${people.ada.leadId}?rep=ana`);
    await eventually(() => shared.locator('#lead-title').textContent()).toBe('Ada Lovelace, Analytical Engines');
    await eventually(() => inbox(shared).locator('caption').textContent()).toBe('MQL: To accept (Ana Ruiz), hottest first');
    expect(await shared.getByLabel('Rep', { exact: true }).inputValue()).toBe('ana');
    expect(await rowOf(shared, people.ada.leadId).getAttribute('aria-current')).toBe('true');
  });

  it('hides visitors who only viewed a page until "Show anonymous visitors" is ticked', async () => {
    const page = await signedIn();
    await inbox(page).locator('button[data-stage=lead]').click();
    await eventually(() => inbox(page).locator('caption, p.muted').first().textContent()).toMatch(/^Not qualified/);
    expect(await rowOf(page, people.visitor).count()).toBe(0);
    const hidden = await tabCount(page, 'lead');

    await page.getByLabel('Show anonymous visitors').check();

    await eventually(() => rowOf(page, people.visitor).count()).toBe(1);
    expect(await rowOf(page, people.visitor).locator('th').textContent()).toBe('Anonymous visitor');
    expect(Number(await tabCount(page, 'lead'))).toBeGreaterThan(Number(hidden));
    expect(await rowOf(page, people.visitor).locator('td.col-date').textContent()).toMatch(/\d{2}:\d{2}/);
    await screenshot(page, 'admin-inbox-anonymous', '.inbox');
  });

  it('counts down to the response deadline and highlights a lead past it', async () => {
    const page = await signedIn('/admin#/leads');
    // The SLA clock cannot be wound on in a test: the list the page reads says Grace's deadline passed 35 minutes ago.
    await page.route(/\/v1\/admin\/leads\?/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { leads: { leadId: string; dueAt: string | null }[] };
      for (const lead of body.leads) if (lead.leadId === people.grace.leadId) lead.dueAt = new Date(Date.now() - 35 * 60_000 - 20_000).toISOString();
      await route.fulfill({ response, json: body });
    });
    await page.reload();
    const grace = rowOf(page, people.grace.leadId);
    await grace.waitFor();

    expect(await grace.locator('td.col-due').textContent()).toBe('Overdue 35\u00a0min');
    expect(await grace.locator('td.col-due .due').getAttribute('class')).toBe('due late');
    expect(await grace.getAttribute('class')).toBe('overdue');
    expect(await rowOf(page, people.ada.leadId).locator('td.col-due').textContent()).toMatch(/ left$/);
    expectNoViolations(await looksOf(page, 'admin-inbox-overdue'));
  });

  it('gives each lead an address: a reload keeps it open and the back button closes it', async () => {
    const page = await signedIn();
    await inbox(page).getByRole('button', { name: /Ada Lovelace/ }).click();

    await eventually(() => page.locator('#lead-title').textContent()).toBe('Ada Lovelace, Analytical Engines');
    expect(new URL(page.url()).hash).toBe(`#/leads/${people.ada.leadId}`);
    expect(await page.locator('.inbox').getAttribute('class')).toBe('inbox open');
    await page.reload();
    await eventually(() => page.locator('#lead-title').textContent()).toBe('Ada Lovelace, Analytical Engines');
    expect(await rowOf(page, people.ada.leadId).getAttribute('aria-current')).toBe('true');
    await page.goBack();
    await eventually(() => page.locator('section.lead').isHidden()).toBe(true);
    expect(await page.locator('.inbox').getAttribute('class')).toBe('inbox');

    // A notification's link, signed out: after signing in the lead it names is open.
    const fresh = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await fresh.goto(`${host.base}/admin#/leads/${people.grace.leadId}`);
    await fresh.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await fresh.getByLabel('Admin token').press('Enter');
    await eventually(() => fresh.locator('#lead-title').textContent()).toBe('Grace');
    await fresh.getByRole('button', { name: 'Close' }).click();
    await eventually(() => fresh.locator('section.lead').isHidden()).toBe(true);
    expect(new URL(fresh.url()).hash).toBe('#/leads');
  });

  it('reads the lead in labels: name and company as heading, what they asked with form and UTM first, whole-number scores', async () => {
    const page = await signedIn(`/admin#/leads/${people.ada.leadId}`);
    const lead = page.locator('section.lead');
    await eventually(() => page.locator('#lead-title').textContent()).toBe('Ada Lovelace, Analytical Engines');

    expect(await lead.locator('.contact').textContent()).toBe(`${people.ada.email} · +44 20 7946 0018`);
    const asked = lead.getByRole('group', { name: 'What they asked' });
    expect(await asked.locator('blockquote').textContent()).toBe(message);
    expect(await asked.locator('.source').textContent()).toBe('On “Contact sales” · utm_source: newsletter');
    expect(await asked.locator('dl').textContent()).toContain('Your role in the purchaseI decide');
    const answers = lead.getByRole('table', { name: 'Answers', exact: true });
    expect(await answers.getByRole('row', { name: 'Company size 201+' }).count()).toBe(1);
    expect(await answers.textContent()).not.toMatch(/company_size|decision_maker|first_name/);
    const fit = lead.getByRole('table', { name: /^Fit: grade [A-D], \d+ points$/ });
    expect(await fit.getByRole('row', { name: 'Authority (BANT) I decide 3' }).count()).toBe(1);
    const interest = lead.getByRole('table', { name: /^Interest: / });
    expect(await interest.locator('caption').textContent()).toMatch(/^Interest: (Hot|Warm|Cold), \d+ points$/);
    expect(await interest.textContent()).toContain('Forms submitted');
    expect(await lead.locator('dl.facts').last().textContent()).not.toMatch(/\d\.\d/);
    // Accept leads; Return is the quiet one.
    expect(await lead.getByRole('button', { name: 'Accept (SAL)' }).getAttribute('class')).toBeNull();
    expect(await lead.getByRole('button', { name: 'Return', exact: true }).getAttribute('class')).toBe('secondary');
    expect(await lead.locator('#return-panel').isHidden()).toBe(true);

    expectNoViolations(await looksOf(page, 'admin-inbox-lead'));
  });

  it('returns a lead with a reason chip from the playbook behind a secondary Return button', async () => {
    const page = await signedIn(`/admin#/leads/${people.grace.leadId}`);
    const lead = page.locator('section.lead');
    await eventually(() => page.locator('#lead-title').textContent()).toBe('Grace');

    await lead.getByRole('button', { name: 'Return', exact: true }).click();

    const reasons = lead.getByRole('radiogroup', { name: 'Why does it go back to marketing?' });
    expect(await reasons.locator('label.chip').allTextContents()).toEqual(['Not ready', 'No response', 'Bad fit', 'Spam']);
    expect(await lead.getByRole('button', { name: 'Return', exact: true }).getAttribute('aria-expanded')).toBe('true');
    expectNoViolations(await looksOf(page, 'admin-inbox-return'));
    await lead.getByRole('button', { name: 'Return to marketing' }).click();
    expect(await lead.locator('.decide [role=alert]').textContent()).toBe('Give a reason: marketing reads it.');
    await reasons.getByRole('radio', { name: 'Spam' }).check();
    await lead.getByRole('button', { name: 'Return to marketing' }).click();

    await eventually(() => lead.locator('[data-field=stage]').textContent()).toBe('nurture');
    expect(await lead.getByRole('status').textContent()).toBe('Done: the lead is now nurture.');
    expect((await host.admin<LeadView>(`/v1/admin/leads/${people.grace.leadId}`)).stage).toBe('nurture');
    await eventually(() => tabCount(page, 'nurture')).toBe('1');
  });

  it('downloads the stage as CSV through the export route, with the admin token', async () => {
    const page = await signedIn();
    await rowOf(page, people.ada.leadId).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);

    expect(download.suggestedFilename()).toBe('winnow-leads.csv');
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^leadId,email,stage,owner,rep,/);
    expect(csv).toContain(people.ada.email);
    expect(csv).not.toContain(people.grace.email);
    await eventually(() => page.locator('.export-note').textContent()).toMatch(/^Downloaded this stage’s leads as CSV/);
  });

  it('shows a rep their own leads, remembering who they are on this device', async () => {
    const page = await signedIn();
    await rowOf(page, people.ada.leadId).waitFor();

    await inbox(page).getByRole('button', { name: 'My leads' }).click();
    await page.getByLabel('I am').selectOption({ label: 'Ana Ruiz' });

    await eventually(() => inbox(page).locator('caption').textContent()).toBe('MQL: To accept (Ana Ruiz), hottest first');
    expect(await inbox(page).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lead-row')))).toEqual([people.ada.leadId]);
    expect(await tabCount(page, 'MQL')).toBe('1');
    expect(await page.evaluate(() => localStorage.getItem('winnow.rep'))).toBe('ana');
    expectNoViolations(await looksOf(page, 'admin-inbox-my-leads'));
    await page.reload();
    await page.locator('.leads table, .leads p.muted').first().waitFor();
    await inbox(page).getByRole('button', { name: 'My leads' }).click();
    await eventually(() => page.getByLabel('I am').inputValue()).toBe('ana');
    await eventually(() => inbox(page).locator('caption').textContent()).toBe('MQL: To accept (Ana Ruiz), hottest first');
  });
});
