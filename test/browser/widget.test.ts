import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FormInput } from '../../functions/core/form.js';
import { ROOT } from '../e2e/helpers/local-host-process.js';
import { axeReport } from './helpers/axe.js';
import { browserSuite, launchChromium, screenshot } from './helpers/chromium.js';
import { useLocalHost } from './helpers/host.js';
import { anEmail, eventually, fieldsShown, focusedElement, formOn, recordSubmissions } from './helpers/widget-page.js';

const exampleForm = (id: string): FormInput => JSON.parse(readFileSync(`${ROOT}forms/${id}.json`, 'utf8')) as FormInput;
const EBOOK = exampleForm('ebook-download');

interface LeadView {
  leadId: string;
  answers: Record<string, unknown>;
  interest: { breakdown: { type: string; count: number }[] };
}
interface Exported {
  items: { PK: string; SK: string; context?: { pageUrl?: string; utm?: Record<string, string> }; type?: string }[];
}

browserSuite('the widget on the demo page, in Chromium', { timeout: 60_000 }, () => {
  const host = useLocalHost();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A new visitor: a fresh profile, so no leadId in its storage. */
  const visit = async (path = '/', setup?: (context: BrowserContext) => Promise<void>): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await setup?.(context);
    const page = await context.newPage();
    await page.goto(`${host.base}${path}`);
    return page;
  };
  const leadIdIn = (page: Page) => page.evaluate(() => localStorage.getItem('winnow.leadId'));

  it('a visitor completes the e-book form in two steps, reloads, and is asked only new questions', async () => {
    const page = await visit('/?utm_source=newsletter&utm_campaign=spring');
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    const email = anEmail('ebook');

    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    await eventually(() => ebook.locator('.winnow-field label').allTextContents()).toEqual(['Work email *', 'Company size']);
    await screenshot(page, 'widget-1-first-step', '[data-winnow-form="ebook-download"]');
    await ebook.getByLabel('Work email').fill(email);
    await ebook.getByLabel('Company size').selectOption('51-200');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    expect(await focusedElement(page)).toMatchObject({ tag: 'select', name: 'industry' });
    await screenshot(page, 'widget-2-second-step', '[data-winnow-form="ebook-download"]');
    await ebook.getByLabel('Industry').selectOption('software');
    await ebook.getByLabel('Your role in the purchase').selectOption('decision_maker');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => ebook.locator('.winnow-done').textContent()).toBe(EBOOK.thankYou);
    expect(await focusedElement(page)).toMatchObject({ text: EBOOK.thankYou });
    await screenshot(page, 'widget-3-thank-you', '[data-winnow-form="ebook-download"]');

    await page.reload();
    expect(await fieldsShown(ebook)).toEqual(['need', 'region']);
    // The other form shares the fields: it skips what the e-book form learnt, and asks its own.
    expect(await fieldsShown(formOn(page, 'demo-request'))).toEqual(['first_name', 'timeframe', 'budget']);
    await screenshot(page, 'widget-4-next-visit', '[data-winnow-form="ebook-download"]');

    const leadId = await leadIdIn(page);
    const lead = await host.admin<LeadView>(`/v1/admin/leads/${leadId}`);
    expect(lead.answers).toEqual({ email, company_size: '51-200', industry: 'software', role: 'decision_maker' });
    expect(sent.map((body) => [body.leadId, body._hp])).toEqual([
      [leadId, ''],
      [leadId, ''],
    ]);
    const exported = await host.admin<Exported>(`/v1/admin/leads/${leadId}/export`);
    const contexts = exported.items.filter((item) => item.SK.startsWith('SUBMISSION#')).map((item) => item.context);
    expect(contexts).toEqual([
      expect.objectContaining({ pageUrl: `${host.base}/?utm_source=newsletter&utm_campaign=spring`, utm: { utm_source: 'newsletter', utm_campaign: 'spring' } }),
      expect.objectContaining({ utm: { utm_source: 'newsletter', utm_campaign: 'spring' } }),
    ]);
    // Two page loads with two forms each: one page_view per load.
    await eventually(async () => (await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).interest.breakdown.find((reason) => reason.type === 'page_view')?.count)
      .toBe(2);
  });

  it('a bad email shows its error next to the field, before sending and when the server refuses it', async () => {
    const page = await visit();
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    const emailInput = ebook.getByLabel('Work email');
    const errorOf = async () => {
      const describedBy = (await emailInput.getAttribute('aria-describedby')) ?? '';
      return page.locator(`#${describedBy.split(' ').pop()}`);
    };
    await fieldsShown(ebook);

    await emailInput.fill('not-an-email');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    expect(await emailInput.getAttribute('aria-invalid')).toBe('true');
    expect(await (await errorOf()).textContent()).toBe('Must be a valid email address');
    // Beside the field: inside the same field, right under its input.
    expect(await (await errorOf()).evaluate((error) => error.previousElementSibling?.getAttribute('name'))).toBe('email');
    expect(await focusedElement(page)).toMatchObject({ name: 'email' });
    expect(sent).toEqual([]);
    await screenshot(page, 'widget-5-error', '[data-winnow-form="ebook-download"]');

    // A browser's idea of an email; the server's is stricter and says so beside the field.
    await emailInput.fill('lee@localhost');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => sent.length).toBe(1);
    await eventually(async () => (await errorOf()).textContent()).toBe('Must be a valid email address');
    expect(await emailInput.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ name: 'email' });

    await emailInput.fill(anEmail('fixed'));
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
  });

  it('the whole form can be completed by keyboard alone', async () => {
    const page = await visit();
    const ebook = formOn(page, 'ebook-download');
    await fieldsShown(ebook);

    for (let tabs = 0; tabs < 30 && (await focusedElement(page)).id !== 'winnow1-email'; tabs += 1) await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ name: 'email' });
    await page.keyboard.type(anEmail('keyboard'));
    await page.keyboard.press('Tab');
    // Typing on a focused <select> picks the option that starts so.
    await page.keyboard.type('201');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'button', text: 'Continue' });
    await page.keyboard.press('Enter');

    await eventually(() => focusedElement(page)).toMatchObject({ name: 'industry' });
    await page.keyboard.type('Retail');
    await page.keyboard.press('Tab');
    await page.keyboard.type('I recommend');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');

    await eventually(() => focusedElement(page)).toMatchObject({ text: EBOOK.thankYou });
    const lead = await host.admin<LeadView>(`/v1/admin/leads/${await leadIdIn(page)}`);
    expect(lead.answers).toMatchObject({ company_size: '201+', industry: 'retail', role: 'influencer' });
  });

  it('a failed send keeps what the visitor typed and is retried with the same submissionId', async () => {
    const page = await visit();
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    const email = anEmail('offline');
    await fieldsShown(ebook);
    await page.route('**/submissions', (route) => route.abort('internetdisconnected'));

    await ebook.getByLabel('Work email').fill(email);
    await ebook.getByLabel('Company size').selectOption('11-50');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => ebook.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/could not reach the server/);
    expect(await ebook.getByLabel('Work email').inputValue()).toBe(email);
    expect(await ebook.getByLabel('Company size').inputValue()).toBe('11-50');
    const tries = sent.length;
    expect(tries).toBeGreaterThan(1);

    await page.unroute('**/submissions');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    expect(sent).toHaveLength(tries + 1);
    expect(new Set(sent.map((body) => body.submissionId)).size).toBe(1);
  });

  it('an answer changed after a send the server stored but never answered goes as a step of its own, newest answer kept', async () => {
    const page = await visit();
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    await fieldsShown(ebook);
    // The server stores each try; the browser never hears back (a dropped connection on the way back).
    await page.route('**/submissions', async (route) => {
      await route.fetch();
      await route.abort('internetdisconnected');
    });

    await ebook.getByLabel('Work email').fill(anEmail('changed'));
    await ebook.getByLabel('Company size').selectOption('11-50');
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => ebook.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/could not reach the server/);

    await page.unroute('**/submissions');
    await ebook.getByLabel('Company size').selectOption('201+');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    // The form moves on (the server took the first try's step too, so this one's shown questions count as passed over).
    await eventually(async () => (await fieldsShown(ebook)).includes('email')).toBe(false);
    expect(new Set(sent.map((body) => body.submissionId)).size).toBe(2);
    const lead = await host.admin<LeadView>(`/v1/admin/leads/${await leadIdIn(page)}`);
    expect(lead.answers).toMatchObject({ company_size: '201+' });
  });

  it('a page in place of the API’s answer (a proxy’s, with 200) leaves the form unloaded with a retry, and keeps no leadId', async () => {
    const page = await visit('/', async (context) => {
      await context.route('**/v1/forms/*/next**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html>proxy</html>' }));
    });
    const ebook = formOn(page, 'ebook-download');

    await eventually(() => ebook.getByRole('alert').textContent()).toBe('This form could not be loaded.');
    expect(await ebook.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    expect(await leadIdIn(page)).toBeNull();
  });

  it('a stale stored leadId (an erased lead) still gives every form on the page one new lead', async () => {
    const given: Promise<string>[] = [];
    const page = await visit('/', async (context) => {
      await context.addInitScript(() => localStorage.setItem('winnow.leadId', 'lead_erased_00000000000000'));
      context.on('response', (response) => {
        if (response.url().includes('/next')) given.push(response.json().then((body: { leadId: string }) => body.leadId));
      });
    });

    await eventually(async () => (await Promise.all([fieldsShown(formOn(page, 'demo-request')), fieldsShown(formOn(page, 'ebook-download'))])).every((ids) => ids.length > 0)).toBe(true);
    const leadIds = await Promise.all(given);
    expect(leadIds).toHaveLength(2);
    expect(new Set(leadIds).size).toBe(1);
    expect(leadIds[0]).not.toBe('lead_erased_00000000000000');
    expect(await leadIdIn(page)).toBe(leadIds[0]);
  });

  it('works where the browser blocks storage: one lead for the page, forgotten on reload', async () => {
    const blockStorage = (context: BrowserContext) =>
      context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          get: () => {
            throw new DOMException('storage is blocked', 'SecurityError');
          },
        });
      });
    const loads: string[] = [];
    const page = await visit('/', async (context) => {
      await blockStorage(context);
      context.on('request', (request) => void (request.url().includes('/next') && loads.push(request.url())));
    });
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    await fieldsShown(formOn(page, 'demo-request'));

    await ebook.getByLabel('Work email').fill(anEmail('no-storage'));
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    // The first form was given a lead; the second asked for that same one; the step was sent as it.
    const leadId = String(sent[0]?.leadId);
    expect(loads.map((url) => new URL(url).searchParams.get('leadId'))).toEqual([null, leadId]);

    await page.reload();

    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
  });

  it('a site on an allowed origin embeds the ES module, and every question type renders with its label and is accepted', async () => {
    const site = 'https://www.example.com';
    expect(exampleForm('webinar-signup').allowedOrigins).toContain(site);
    // The test's API listens on loopback, which Chromium shields from public sites unless the visitor allows it.
    const context = await browser.newContext({ permissions: ['local-network-access'] });
    // The site's own page, served by the test: the widget and the API are cross-origin to it.
    await context.route(`${site}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>Example site</title></head><body><main><div id="form"></div></main>
<script type="module">
  import { mount } from '${host.base}/widget.mjs';
  const formId = new URL(location.href).searchParams.get('form');
  mount(document.getElementById('form'), { api: '${host.base}', formId }).then(() => document.body.setAttribute('data-mounted', ''));
</script></body></html>`,
      }),
    );
    const page = await context.newPage();
    const form = page.locator('#form');
    const blocking: string[] = [];
    const continueButton = form.getByRole('button', { name: 'Continue' });

    await page.goto(`${site}/?form=webinar-signup`);
    expect(await fieldsShown(form)).toEqual(['email', 'first_name', 'consent']);
    await form.getByLabel('Work email').fill(anEmail('webinar'));
    await form.getByLabel('First name').fill('Ada');
    await continueButton.click();
    expect(await form.locator('.winnow-field:has([name=consent]) .winnow-error').textContent()).toBe('Must be checked');
    await form.getByLabel('I agree to receive the recording and follow-up emails').check();
    await continueButton.click();
    await eventually(() => fieldsShown(form)).toEqual(['company', 'role', 'region']);
    await form.getByLabel('Company').fill('Initech');
    await form.getByLabel('Your role in the purchase').selectOption('user');
    await form.getByLabel('Where are you based?').selectOption('europe');
    await continueButton.click();
    await eventually(() => fieldsShown(form)).toEqual(['topics']);
    const topics = form.getByRole('group', { name: "Topics you'd like covered" });
    for (const topic of ['Fit scoring', 'Interest decay', 'Routing to sales', 'Sales SLAs']) await topics.getByLabel(topic).check();
    await continueButton.click();
    expect(await topics.locator('.winnow-error').textContent()).toBe('Choose at most 3');
    blocking.push(...(await axeReport(page)).blocking);
    await screenshot(page, 'widget-6-multiselect-error', '#form');
    await topics.getByLabel('Sales SLAs').uncheck();
    await continueButton.click();
    await form.locator('.winnow-done').waitFor();

    await page.goto(`${site}/?form=demo-request`);
    // email, first_name and role came from the webinar form; timeframe waits for company_size.
    expect(await fieldsShown(form)).toEqual(['company_size', 'budget', 'phone']);
    await form.getByLabel('Company size').selectOption('201+');
    await form.getByLabel('Yearly budget (USD)').fill('lots');
    await continueButton.click();
    expect(await form.locator('.winnow-field:has([name=budget]) .winnow-error').textContent()).toBe('Must be a number');
    await form.getByLabel('Yearly budget (USD)').fill('60000');
    await form.getByLabel('Phone (optional)').fill('+44 20 7946 0000');
    await continueButton.click();
    await eventually(() => fieldsShown(form)).toEqual(['timeframe', 'message']);
    await form.getByLabel('When do you plan to buy?').selectOption('3m');
    await form.getByLabel('What would you like to see?').fill('Routing to Slack.');
    blocking.push(...(await axeReport(page)).blocking);
    await continueButton.click();
    await form.locator('.winnow-done').waitFor();

    const leadId = await page.evaluate(() => localStorage.getItem('winnow.leadId'));
    const lead = await host.admin<LeadView>(`/v1/admin/leads/${leadId}`);
    expect(lead.answers).toMatchObject({
      first_name: 'Ada',
      consent: true,
      company: 'Initech',
      topics: ['fit_scoring', 'interest_decay', 'routing'],
      company_size: '201+',
      budget: 60000,
      phone: '+44 20 7946 0000',
      timeframe: '3m',
      message: 'Routing to Slack.',
    });
    expect(blocking).toEqual([]);
  });

  it('axe-core finds no serious or critical violation on the demo page and the widget in each state, light and dark', async () => {
    const page = await visit();
    const ebook = formOn(page, 'ebook-download');
    const reports: Record<string, Awaited<ReturnType<typeof axeReport>>> = {};
    await fieldsShown(ebook);
    await fieldsShown(formOn(page, 'demo-request'));
    await screenshot(page, 'demo-page');

    reports['demo page, first step'] = await axeReport(page);
    await ebook.getByRole('button', { name: 'Continue' }).click();
    reports['field errors'] = await axeReport(page);
    await ebook.getByLabel('Work email').fill(anEmail('axe'));
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    reports['second step'] = await axeReport(page);
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await ebook.locator('.winnow-done').waitFor();
    reports['thank-you'] = await axeReport(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await fieldsShown(ebook);
    await screenshot(page, 'demo-page-dark');
    reports['dark, next visit'] = await axeReport(page);

    console.log(
      Object.entries(reports)
        .map(([state, report]) => `axe, ${state}: ${report.blocking.length} serious/critical; others: ${report.other.join('; ') || 'none'}`)
        .join('\n'),
    );
    expect(Object.fromEntries(Object.entries(reports).map(([state, report]) => [state, report.blocking]))).toEqual(
      Object.fromEntries(Object.keys(reports).map((state) => [state, []])),
    );
  });
});
