import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeReport, type AxeReport } from './helpers/axe.js';
import { browserSuite, screenshot, useChromium } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { expectNoViolations, looksAt } from './helpers/looks.js';
import { anEmail, eventually } from './helpers/widget-page.js';

interface LeadView {
  stage: string;
  fit?: { grade: string };
  interest?: { band: string };
}

type Decision = { decision: 'accept' | 'convert' } | { decision: 'reject'; reason: string };

/** What a visitor answers on the demo form, worth fit points under playbooks/default.json (the host publishes it). */
const ANSWERS = {
  // 3 + 3 + 3 + 3 = 12 points: grade B.
  B: { company_size: '201+', role: 'decision_maker', timeframe: '3m', budget: 60_000 },
  // 2 + 2 + 2 + 1 = 7 points: grade C.
  C: { company_size: '11-50', role: 'influencer', timeframe: '12m', budget: 5_000 },
  // 1 + 1 = 2 points (a company this small is not asked its timeframe): grade D.
  D: { company_size: '1-10', role: 'user' },
} as const;

/**
 * Nine hand-raisers and what sales made of them. Events come before the demo request, so they
 * count as behaviour before qualifying: pricing_view + content_download + the form's own 5 points
 * make 15 (warm); a page_view makes 6 (cold), as does the form alone.
 */
const POPULATION: { grade: keyof typeof ANSWERS; band: string; events: string[]; decisions: Decision[] }[] = [
  { grade: 'B', band: 'warm', events: ['pricing_view', 'content_download'], decisions: [{ decision: 'convert' }] },
  { grade: 'B', band: 'warm', events: ['pricing_view', 'content_download'], decisions: [{ decision: 'accept' }, { decision: 'convert' }] },
  { grade: 'B', band: 'warm', events: ['pricing_view', 'content_download'], decisions: [{ decision: 'accept' }] },
  { grade: 'B', band: 'cold', events: ['page_view'], decisions: [{ decision: 'convert' }] },
  { grade: 'B', band: 'cold', events: ['page_view'], decisions: [{ decision: 'reject', reason: 'bad_fit' }] },
  { grade: 'C', band: 'cold', events: [], decisions: [{ decision: 'accept' }] },
  { grade: 'C', band: 'cold', events: [], decisions: [{ decision: 'reject', reason: 'bad_fit' }] },
  { grade: 'C', band: 'cold', events: [], decisions: [{ decision: 'reject', reason: 'existing_customer' }] },
  { grade: 'D', band: 'cold', events: [], decisions: [] },
];

/** The text a cell shows, line breaks and no-break spaces read as single spaces. */
const shown = (text: string): string => text.replace(/\s+/g, ' ').trim();
const rowsOf = async (table: Locator): Promise<string[][]> =>
  Promise.all((await table.locator('tbody tr').all()).map(async (row) => (await row.locator('th, td').allInnerTexts()).map(shown)));

browserSuite('the admin page’s calibration view, in Chromium', { timeout: 120_000 }, () => {
  const host = useLocalHost();
  const browser = useChromium();

  const leadOf = (leadId: string) => host.admin<LeadView>(`/v1/admin/leads/${leadId}`);

  /** A visitor browses, then asks for a demo (a hand-raiser form): the scorer makes it an MQL at the grade and band its answers and events earn. */
  const aQualifiedLead = async ({ grade, events }: (typeof POPULATION)[number]): Promise<string> => {
    const { leadId } = (await (await fetch(`${host.base}/v1/forms/demo-request/next`)).json()) as { leadId: string };
    for (const type of events) {
      const sent = await fetch(`${host.base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ leadId, eventId: randomUUID(), type }) });
      expect(sent.status).toBe(202);
    }
    const submitted = await fetch(`${host.base}/v1/forms/demo-request/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId, submissionId: randomUUID(), answers: { email: anEmail('calibration'), first_name: 'Grace', ...ANSWERS[grade] } }),
    });
    expect(submitted.status).toBe(202);
    return host.waitFor(`lead ${leadId} to become an MQL`, async () => ((await leadOf(leadId)).stage === 'MQL' ? leadId : undefined));
  };

  const signedIn = async (): Promise<Page> => {
    // en-GB: numbers read "50,000" and days "3 Aug 2026".
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })).newPage();
    await page.goto(`${host.base}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    await page.getByRole('heading', { name: 'Calibration', level: 2 }).waitFor();
    return page;
  };

  /** Screenshots of the view in every look, axe over the whole page in each, and whether the page scrolls sideways. */
  const looksOf = async (page: Page, shot: string): Promise<{ axe: Record<string, AxeReport>; sideways: string[] }> => {
    const axe: Record<string, AxeReport> = {};
    const sideways: string[] = [];
    for (const look of looksAt(800)) {
      await page.setViewportSize({ width: look.width, height: look.height });
      await page.emulateMedia({ colorScheme: look.colorScheme });
      // Two frames: the page has laid itself out (and seen which tables now scroll) at this size.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const key = `${look.width} px, ${look.colorScheme}`;
      axe[key] = await axeReport(page);
      if (await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)) sideways.push(key);
      await screenshot(page, `${shot}${look.name}`, 'section.calibration');
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    return { axe, sideways };
  };

  it('shows what sales made of the MQLs: a headline, the grade × band heatmap, answers and behaviours by lift, returns by grade, and an empty period', async () => {
    // Prepare: nine MQLs qualified now, eight decided (three converted, two more accepted, three returned), one open.
    const leads = await Promise.all(POPULATION.map(aQualifiedLead));
    for (const [index, leadId] of leads.entries()) {
      const { grade, band, decisions } = POPULATION[index] as (typeof POPULATION)[number];
      const lead = await leadOf(leadId);
      expect({ grade: lead.fit?.grade, band: lead.interest?.band }).toEqual({ grade, band });
      for (const decision of decisions) await host.admin(`/v1/admin/leads/${leadId}/feedback`, decision);
    }

    // Act
    const page = await signedIn();
    const calibration = page.getByRole('region', { name: 'Calibration' });

    // Assess: the headline, in words and whole percents (5 of 8 accepted, 3 of 8 SQL).
    await eventually(() => calibration.locator('[data-field=headline]').textContent()).toMatch(
      /^Of 9 MQLs qualified between \d{1,2} \w+ \d{4} and \d{1,2} \w+ \d{4}, sales decided 8: 63% accepted, 38% became SQL\. 1 is still open\.$/,
    );

    // The heatmap: every grade × band of the playbook, the SQL rate over decided MQLs, "—" where none is decided,
    // and the cells playbooks/default.json routes to marketing marked.
    const heatmap = calibration.getByRole('table', { name: 'SQL rate by fit grade and interest band' });
    expect((await heatmap.locator('thead th').allInnerTexts()).map(shown)).toEqual(['Grade', 'Hot', 'Warm', 'Cold']);
    expect(await rowsOf(heatmap)).toEqual([
      ['A', '— 0 MQLs', '— 0 MQLs', '— 0 MQLs'],
      ['B', '— 0 MQLs', '67% 3 MQLs', '50% 2 MQLs to marketing'],
      ['C', '— 0 MQLs', '— 0 MQLs to marketing', '0% 3 MQLs to marketing'],
      ['D', '— 0 MQLs to marketing', '— 0 MQLs to marketing', '— 1 MQL to marketing'],
    ]);
    // Coloured by rate: 67% and 50% share the top colour, 0% has the palest, a cell with none decided is hatched.
    const look = (grade: string, band: string) =>
      heatmap.locator(`td[data-grade="${grade}"][data-band="${band}"]`).evaluate((cell) => {
        const style = getComputedStyle(cell);
        return { colour: style.backgroundColor, hatched: style.backgroundImage.includes('gradient') };
      });
    const [warmB, coldB, coldC, coldD] = await Promise.all([look('B', 'warm'), look('B', 'cold'), look('C', 'cold'), look('D', 'cold')]);
    expect(coldB).toEqual(warmB);
    expect(coldC.colour).not.toBe(warmB.colour);
    expect([warmB.hatched, coldC.hatched, coldD.hatched]).toEqual([false, false, true]);
    expect(await calibration.getByRole('list', { name: 'Heatmap legend' }).getByRole('listitem').allInnerTexts()).toEqual([
      '0–9%',
      '10–19%',
      '20–29%',
      '30–49%',
      '50% and more',
      '— no MQL decided yet',
      'to marketing: the playbook routes this grade and band to marketing today',
    ]);

    // Answers ranked by lift over the baseline's 3 of 8: every answer of the grade-B leads (3 of 5 became SQL: 60% ÷ 37.5%) first.
    const answers = calibration.getByRole('table', { name: /^Answers ranked by lift/ });
    expect(await answers.locator('caption').textContent()).toBe('Answers ranked by lift, top 10 of 15');
    expect((await answers.locator('thead th').allInnerTexts()).map(shown)).toEqual(['Criterion', 'Answer', 'MQLs', 'Decided', 'SQL rate', 'Lift']);
    const top = [
      ['Budget (BANT)', '≥ 50,000', '5', '5', '60%', '1.6×'],
      ['Authority (BANT)', 'Decision maker', '5', '5', '60%', '1.6×'],
      ['Timeframe (BANT)', '3m', '5', '5', '60%', '1.6×'],
      ['Company size (ICP)', '201+', '5', '5', '60%', '1.6×'],
      ['Need (BANT)', 'Unanswered', '9', '8', '38%', '1.0×'],
      ['Industry (ICP)', 'Unanswered', '9', '8', '38%', '1.0×'],
      ['Region we sell in (ICP)', 'Unanswered', '9', '8', '38%', '1.0×'],
      ['Budget (BANT)', '≥ 1', '3', '3', '0%', '0.0×'],
      ['Authority (BANT)', 'Influencer', '3', '3', '0%', '0.0×'],
      ['Timeframe (BANT)', '12m', '3', '3', '0%', '0.0×'],
    ];
    expect(await rowsOf(answers)).toEqual(top);
    // The bar beside a lift: the highest fills the track, the baseline's 1× sits at 1 ÷ 1.6 of it.
    const bar = await answers.locator('tbody tr').first().locator('.lift-track').evaluate((track) => {
      const [fill, one] = [track.querySelector<HTMLElement>('.lift-bar'), track.querySelector<HTMLElement>('.lift-one')];
      return { hidden: track.getAttribute('aria-hidden'), fill: fill?.style.width, one: one?.style.left };
    });
    expect(bar).toEqual({ hidden: 'true', fill: '100%', one: '62.5%' });

    const showAll = calibration.getByRole('button', { name: 'Show all 15 answers' });
    expect(await showAll.getAttribute('aria-expanded')).toBe('false');
    await showAll.click();
    const all = await rowsOf(answers);
    expect(all.slice(0, 10)).toEqual(top);
    expect(all.slice(10)).toEqual([
      ['Company size (ICP)', '11-50', '3', '3', '0%', '0.0×'],
      // The open grade-D lead alone: nothing decided, so no rate and no lift, ranked last.
      ['Budget (BANT)', 'Unanswered', '1', '0', '—', '—'],
      ['Authority (BANT)', 'User', '1', '0', '—', '—'],
      ['Timeframe (BANT)', 'Unanswered', '1', '0', '—', '—'],
      ['Company size (ICP)', '1-10', '1', '0', '—', '—'],
    ]);
    expect(await answers.locator('caption').textContent()).toBe('Answers ranked by lift');
    const showTop = calibration.getByRole('button', { name: 'Show the top 10' });
    expect(await showTop.getAttribute('aria-expanded')).toBe('true');
    await showTop.click();
    expect(await answers.locator('tbody tr').count()).toBe(10);

    // Behaviour before qualifying: pricing and downloads came from the warm grade-B leads (2 of 3 SQL).
    expect(await rowsOf(calibration.getByRole('table', { name: 'Behaviour before qualifying, ranked by lift' }))).toEqual([
      ['Content download', '3', '3', '67%', '1.8×'],
      ['Pricing view', '3', '3', '67%', '1.8×'],
      ['Page view', '2', '2', '50%', '1.3×'],
      ['Form submission', '9', '8', '38%', '1.0×'],
    ]);
    expect(await rowsOf(calibration.getByRole('table', { name: 'Why sales returned MQLs, by grade' }))).toEqual([
      ['B', '1', 'Bad fit (1)'],
      ['C', '2', 'Bad fit (1), Existing customer (1)'],
    ]);

    const filled = await looksOf(page, 'admin-calibration');

    // A period with no MQL: what to do, and no table.
    await calibration.getByLabel('From', { exact: true }).fill('2020-01-01');
    await calibration.getByLabel('To', { exact: true }).fill('2020-01-31');
    await calibration.getByRole('button', { name: 'Show', exact: true }).click();

    await eventually(() => calibration.locator('[data-field=empty]').textContent()).toBe(
      'No MQL has been decided in this period yet. Calibration fills in as sales accepts, returns and converts leads.',
    );
    expect(await calibration.getByRole('table').count()).toBe(0);
    expect(await calibration.locator('[data-field=headline]').count()).toBe(0);
    const empty = await looksOf(page, 'admin-calibration-empty');

    expect({ filled: filled.sideways, empty: empty.sideways }).toEqual({ filled: [], empty: [] });
    expectNoViolations('calibration', {
      ...filled.axe,
      ...Object.fromEntries(Object.entries(empty.axe).map(([key, report]) => [`${key}, empty`, report])),
    });
  });

  it('says why when the API refuses the report, in the view', async () => {
    // Prepare: the page asks for a playbook nobody published, as it would once "default" were removed.
    const page = await signedIn();
    const calibration = page.getByRole('region', { name: 'Calibration' });
    await page.route('**/v1/admin/reports/calibration?*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('playbook', 'nobody-published-this');
      return route.continue({ url: url.toString() });
    });

    // Act
    await calibration.getByRole('button', { name: 'Show', exact: true }).click();

    // Assess
    await eventually(() => calibration.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toMatch(/^The calibration report could not be read: .*nobody-published-this/);
    expect(await calibration.getByRole('table').count()).toBe(0);
  });
});
