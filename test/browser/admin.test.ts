import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeReport } from './helpers/axe.js';
import { browserSuite, launchChromium, screenshot } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { anEmail, eventually } from './helpers/widget-page.js';

interface LeadView {
  stage: string;
  history: { from: string; to: string }[];
}
interface PlaybookView {
  returnReasons?: string[];
  followUp?: { reasonsWithoutAttempts: string[] };
}

browserSuite('the admin page, in Chromium', { timeout: 60_000 }, () => {
  const host = useLocalHost();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  const aVisitor = async () => (await (await fetch(`${host.base}/v1/forms/demo-request/next`)).json()) as { leadId: string };
  const aStep = (leadId: string, answers: Record<string, unknown>) =>
    fetch(`${host.base}/v1/forms/demo-request/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId, submissionId: randomUUID(), answers }),
    });

  /** A visitor asks for a demo (a hand-raiser form) over the public API; the scorer makes it an MQL. */
  const aQualifiedLead = async (): Promise<{ leadId: string; email: string }> => {
    const email = anEmail('hand-raiser');
    const next = await aVisitor();
    // A hand-raiser's notice waits for the form's last step (forms/demo-request.json: three steps of three, two and two).
    for (const answers of [{ email, first_name: 'Grace', company_size: '201+' }, { role: 'decision_maker', timeframe: '3m', budget: 60000 }, { phone: '+1 555 0100', message: 'A demo for our 40 reps' }]) {
      expect((await aStep(next.leadId, answers)).status).toBe(202);
    }
    await host.waitFor(`lead ${next.leadId} to become an MQL`, async () =>
      (await host.admin<LeadView>(`/v1/admin/leads/${next.leadId}`)).stage === 'MQL' ? true : undefined,
    );
    return { leadId: next.leadId, email };
  };

  const openAdmin = async (): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${host.base}/admin`);
    return page;
  };

  const signIn = async (page: Page, token = ADMIN_TOKEN) => {
    await page.getByLabel('Admin token').fill(token);
    await page.getByLabel('Admin token').press('Enter');
  };

  const stageShown = (page: Page) => page.locator('[data-field=stage]').textContent();

  it('a sales user accepts a qualified lead on the admin page and its stage shows SAL', async () => {
    const { leadId, email } = await aQualifiedLead();
    const page = await openAdmin();

    await signIn(page);
    await page.getByRole('button', { name: email }).click();
    await eventually(() => stageShown(page)).toBe('MQL');
    await page.getByRole('button', { name: 'Accept (SAL)' }).click();

    await eventually(() => stageShown(page)).toBe('SAL');
    expect(await page.locator('section.lead').getByRole('status').textContent()).toBe('Done: the lead is now SAL.');
    expect(await page.getByRole('table', { name: 'History' }).textContent()).toContain('MQL → SAL');
    // The list of MQLs no longer offers it.
    await eventually(() => page.locator('.leads').getByRole('button', { name: email }).count()).toBe(0);
    expect((await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).stage).toBe('SAL');
    await screenshot(page, 'admin-accepted');
  });

  it('shows sales the answers another device gave after typing the lead’s email, kept apart from the lead’s own', async () => {
    const { email } = await aQualifiedLead();
    // Someone else types Grace's email and answers differently: kept for sales, never applied.
    const stranger = await aVisitor();
    expect((await aStep(stranger.leadId, { email, first_name: 'Mallory', company_size: '1-10' })).status).toBe(202);
    const page = await openAdmin();
    await signIn(page);

    await page.getByRole('button', { name: email }).click();

    const conflicts = page.getByRole('table', { name: 'Conflicting answers' });
    await eventually(() => conflicts.textContent()).toContain('Mallory');
    expect(await conflicts.textContent()).toContain('Grace');
    expect(await page.getByRole('table', { name: 'Answers', exact: true }).textContent()).not.toContain('Mallory');
    await screenshot(page, 'admin-conflicting-answers');
  });

  it('shows why a lead scored what it did: answers, fit and interest breakdowns, history and notifications', async () => {
    const { email } = await aQualifiedLead();
    const page = await openAdmin();
    await signIn(page);

    await page.getByRole('button', { name: email }).click();

    const answers = page.getByRole('table', { name: 'Answers', exact: true });
    await eventually(() => answers.textContent()).toContain(email);
    expect(await answers.textContent()).toContain('201+');
    // Labels, never ids: the criterion as the playbook names it, the answer as its question's option does.
    const fit = page.getByRole('table', { name: /^Fit: grade [A-D], \d+ points$/ });
    expect(await fit.getByRole('row', { name: /^Company size \(ICP\) 201\+ 3$/ }).count()).toBe(1);
    expect(await fit.getByRole('row', { name: /^Authority \(BANT\) I decide 3$/ }).count()).toBe(1);
    expect(await answers.textContent()).not.toMatch(/company_size|decision_maker|\b3m\b/);
    expect(await page.getByRole('table', { name: /^Interest: / }).textContent()).toContain('Forms submitted');
    expect(await page.getByRole('table', { name: 'History' }).textContent()).toContain('lead → MQL');
    expect(await page.getByRole('table', { name: 'Notifications' }).textContent()).toMatch(/Qualified\s*Email/);
    // Slack, with no webhook here, is recorded skipped and never claimed: still dated, by its log.
    const skipped = page.getByRole('table', { name: 'Notifications' }).getByRole('row', { name: /Qualified Slack Skipped/ });
    expect(await skipped.count()).toBe(1);
    expect(await skipped.getByRole('rowheader').textContent()).not.toBe('—');
    await screenshot(page, 'admin-lead');
  });

  it('returning a lead to marketing needs a reason, which the funnel report then counts', async () => {
    const { leadId, email } = await aQualifiedLead();
    // A playbook that lists return reasons is answered with one that needs no contact attempt first; any other, in words.
    const playbook = await host.admin<PlaybookView>('/v1/admin/playbooks/default');
    const listed = playbook.followUp?.reasonsWithoutAttempts[0] ?? playbook.returnReasons?.[0];
    const page = await openAdmin();
    await signIn(page);
    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === `/v1/admin/leads/${leadId}`) reads.push(request.url());
    });
    await page.getByRole('button', { name: email }).click();
    await eventually(() => stageShown(page)).toBe('MQL');
    // Opening it fires popstate and hashchange: read and drawn once, so nothing redraws the panel under the rep's next click.
    await page.waitForLoadState('networkidle');
    expect(reads).toHaveLength(1);

    // Returning is the quiet choice: a secondary "Return" that opens the playbook's reasons.
    await page.getByRole('button', { name: 'Return', exact: true }).click();
    await page.getByRole('button', { name: 'Return to marketing' }).click();

    expect(await page.locator('.decide [role=alert]').textContent()).toBe('Give a reason: marketing reads it.');
    expect(await stageShown(page)).toBe('MQL');

    let label = `No budget this year ${randomUUID().slice(0, 8)}`;
    if (listed) {
      const chip = page.getByRole('radiogroup', { name: 'Why does it go back to marketing?' }).locator(`input[value="${listed}"]`);
      await chip.check();
      label = (await chip.locator('xpath=..').textContent()) ?? listed;
    } else {
      await page.getByLabel('Why does it go back to marketing?').fill(label);
    }
    await page.getByRole('button', { name: 'Return to marketing' }).click();

    await eventually(() => stageShown(page)).toBe('nurture');
    expect((await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).stage).toBe('nurture');
    const reasons = page.getByRole('table', { name: 'Why sales returned leads' });
    await eventually(() => reasons.getByRole('row', { name: new RegExp(`^${label} [1-9]\\d*$`) }).count()).toBe(1);
    // Returned to nurture is drawn beside the funnel, not as a bar of it (test/browser/admin-funnel.test.ts).
    expect(await page.locator('.funnel-nurture [data-field=nurture] .funnel-value').textContent()).toMatch(/^[1-9]\d*$/);
    await screenshot(page, 'admin-funnel');
  });

  it('refuses a wrong token, keeps the right one for this tab only, and signs out', async () => {
    const page = await openAdmin();

    await signIn(page, 'not-the-admin-token-at-all');

    await eventually(() => page.getByRole('alert').first().textContent()).toBe('That token was not accepted.');
    expect(await page.getByLabel('Admin token').getAttribute('aria-invalid')).toBe('true');

    await signIn(page);
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    expect(await page.evaluate(() => [sessionStorage.getItem('winnow.adminToken'), localStorage.length])).toEqual([ADMIN_TOKEN, 0]);
    await page.reload();
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('winnow.adminToken'))).toBeNull();
  });

  it('axe-core finds no serious or critical violation on the admin page, signed out and in, light and dark', async () => {
    const { email } = await aQualifiedLead();
    const page = await openAdmin();
    const reports: Record<string, Awaited<ReturnType<typeof axeReport>>> = {};
    await page.getByLabel('Admin token').waitFor();
    reports['sign-in'] = await axeReport(page);
    await signIn(page);
    await page.getByRole('button', { name: email }).click();
    await page.getByRole('table', { name: 'Answers', exact: true }).waitFor();
    await page.locator('.funnel-overview').waitFor();
    reports['leads, a lead and the funnel'] = await axeReport(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    reports['dark'] = await axeReport(page);
    await screenshot(page, 'admin-dark');

    console.log(
      Object.entries(reports)
        .map(([state, report]) => `axe, admin ${state}: ${report.blocking.length} serious/critical; others: ${report.other.join('; ') || 'none'}`)
        .join('\n'),
    );
    expect(Object.fromEntries(Object.entries(reports).map(([state, report]) => [state, report.blocking]))).toEqual(
      Object.fromEntries(Object.keys(reports).map((state) => [state, []])),
    );
  });
});
