import { readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import type { FormInput } from '../../functions/core/form.js';
import { ROOT } from '../e2e/helpers/local-host-process.js';
import { axeReport, type AxeReport } from './helpers/axe.js';
import { browserSuite, screenshot, useChromium } from './helpers/chromium.js';
import { useLocalHost } from './helpers/host.js';
import { looksAt } from './helpers/looks.js';
import { anEmail, eventually, fieldsShown, focusedElement, formOn, recordSubmissions } from './helpers/widget-page.js';

const exampleForm = (id: string): FormInput => JSON.parse(readFileSync(`${ROOT}forms/${id}.json`, 'utf8')) as FormInput;
const EBOOK = exampleForm('ebook-download');
const DEMO = exampleForm('demo-request');
const NEXT = '**/v1/forms/*/next**';

/** Requests to `pattern` wait, unanswered, in the list returned, until the test lets them through. */
const holdRequests = async (target: BrowserContext | Page, pattern: string): Promise<Route[]> => {
  const routes: Route[] = [];
  await target.route(pattern, (route) => void routes.push(route));
  return routes;
};
/** Sends the held requests on, in order, and stops holding new ones. */
const letThrough = async (target: BrowserContext | Page, pattern: string, routes: Route[]): Promise<void> => {
  for (const route of routes.splice(0)) await route.continue();
  // Unrouting sends on whatever arrived since, unanswered, as well.
  await target.unroute(pattern);
};
const leadIdAsked = (route: Route): string | null => new URL(route.request().url()).searchParams.get('leadId');
const progressOf = (form: Locator) => form.getByRole('status').textContent();
const notYouIn = (form: Locator) => form.getByRole('button', { name: 'Not you? Start over' });

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
  const browser = useChromium();

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
    // The page asks two steps a visit (data-winnow-steps="2"); five questions remain beyond this one.
    expect(await progressOf(ebook)).toBe('Step 1 of 2');
    await ebook.getByLabel('Work email').fill(email);
    await ebook.getByLabel('Company size').selectOption('51-200');
    await ebook.getByRole('button', { name: 'Continue' }).click();

    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    expect(await focusedElement(page)).toMatchObject({ tag: 'select', name: 'industry' });
    expect(await progressOf(ebook)).toBe('Step 2 of 2');
    expect(await ebook.locator('button[type=submit]').textContent()).toBe(EBOOK.submitLabel);
    await ebook.getByLabel('Industry').selectOption('software');
    await ebook.getByLabel('Your role in the purchase').selectOption('decision_maker');
    await ebook.getByRole('button', { name: EBOOK.submitLabel }).click();

    await eventually(() => ebook.locator('.winnow-done').textContent()).toBe(EBOOK.thankYou);
    expect(await focusedElement(page)).toMatchObject({ text: EBOOK.thankYou });
    expect(await ebook.locator('.winnow-ok').isVisible()).toBe(true);
    const download = ebook.getByRole('link', { name: EBOOK.submitLabel });
    expect(await download.getAttribute('href')).toBe(EBOOK.thankYouUrl);
    // No step left to count.
    expect(await ebook.getByRole('status').count()).toBe(0);

    await page.reload();
    expect(await fieldsShown(ebook)).toEqual(['need', 'region']);
    // The other form shares the fields: it skips what the e-book form learnt, and asks its own.
    const demo = formOn(page, 'demo-request');
    expect(await fieldsShown(demo)).toEqual(['first_name', 'timeframe', 'budget']);
    // need, region and newsletter remain (timeframe waits for need): two steps, as many as the page allows.
    expect(await progressOf(ebook)).toBe('Step 1 of 2');
    expect(await progressOf(demo)).toBe('Step 1 of 2');
    expect(await notYouIn(ebook).isVisible()).toBe(true);
    expect(await notYouIn(demo).isVisible()).toBe(true);

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
    const viewed: Record<string, unknown>[] = [];
    const page = await visit('/', async (context) => {
      await context.addInitScript(() => localStorage.setItem('winnow.leadId', 'lead_erased_00000000000000'));
      context.on('request', (request) => void (request.url().endsWith('/v1/events') && viewed.push(request.postDataJSON() as Record<string, unknown>)));
    });
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    const demo = formOn(page, 'demo-request');
    const email = anEmail('stale');
    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    expect(await fieldsShown(demo)).toEqual(['email', 'first_name', 'company_size']);

    await ebook.getByLabel('Work email').fill(email);
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    await demo.getByLabel('Work email').fill(email);
    await demo.getByLabel('First name').fill('Lin');
    await demo.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => sent.length).toBe(2);

    const leadId = await leadIdIn(page);
    expect(leadId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(leadId).not.toBe('lead_erased_00000000000000');
    expect(sent.map((body) => body.leadId)).toEqual([leadId, leadId]);
    expect(viewed.map((event) => [event.type, event.leadId])).toEqual([['page_view', leadId]]);
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
    const demo = formOn(page, 'demo-request');
    const email = anEmail('no-storage');
    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    await fieldsShown(demo);

    await ebook.getByLabel('Work email').fill(email);
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    await demo.getByLabel('Work email').fill(email);
    await demo.getByLabel('First name').fill('Noor');
    await demo.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => sent.length).toBe(2);

    // Both forms asked at once, as a new visitor; both steps went as the one lead the page kept.
    expect(loads.map((url) => new URL(url).searchParams.get('leadId'))).toEqual([null, null]);
    const leadId = sent[0]?.leadId;
    expect(leadId).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/));
    expect(sent[1]?.leadId).toBe(leadId);

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
    expect(await progressOf(form)).toBe('Step 1 of 3');
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
    expect(await progressOf(form)).toBe('Step 3 of 3');
    for (const topic of ['Fit scoring', 'Interest decay', 'Routing to sales', 'Sales SLAs']) await topics.getByLabel(topic).check();
    await form.getByRole('button', { name: 'Register' }).click();
    expect(await topics.locator('.winnow-error').textContent()).toBe('Choose at most 3');
    blocking.push(...(await axeReport(page)).blocking);
    await screenshot(page, 'widget-6-multiselect-error', '#form');
    await topics.getByLabel('Sales SLAs').uncheck();
    await form.getByRole('button', { name: 'Register' }).click();
    await form.locator('.winnow-done').waitFor();

    await page.goto(`${site}/?form=demo-request`);
    // email, first_name and role came from the webinar form; timeframe waits for company_size.
    expect(await fieldsShown(form)).toEqual(['company_size', 'budget', 'phone']);
    expect(await progressOf(form)).toBe('Step 1 of 2');
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
    await form.getByRole('button', { name: DEMO.submitLabel }).click();
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

  it('answers the widget how many questions remain beyond the step, how the last button reads and where the thank-you links', async () => {
    const ebook = (await (await fetch(`${host.base}/v1/forms/ebook-download/next`)).json()) as Record<string, unknown>;
    const demo = (await (await fetch(`${host.base}/v1/forms/demo-request/next`)).json()) as Record<string, unknown>;

    // A new lead: 7 of the e-book's 8 questions hold (timeframe waits for need), 2 in this step.
    expect(ebook).toMatchObject({ questionsPerStep: 2, remaining: 5, submitLabel: EBOOK.submitLabel, thankYouUrl: EBOOK.thankYouUrl });
    expect(demo).toMatchObject({ questionsPerStep: 3, remaining: 4, submitLabel: DEMO.submitLabel });
    expect(demo).not.toHaveProperty('thankYouUrl');
  });

  it('the forms render before the page_view answer arrives', async () => {
    let pageViews: Route[] = [];
    const page = await visit('/', async (context) => {
      pageViews = await holdRequests(context, '**/v1/events');
    });
    const ebook = formOn(page, 'ebook-download');
    const demo = formOn(page, 'demo-request');

    await eventually(() => pageViews.length).toBe(1);
    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    expect(await fieldsShown(demo)).toEqual(['email', 'first_name', 'company_size']);
    expect(await ebook.getByLabel('Work email').isVisible()).toBe(true);
    // Still held: no answer to it has reached the page.
    expect(pageViews).toHaveLength(1);

    const leadId = await leadIdIn(page);
    expect(pageViews[0]?.request().postDataJSON()).toMatchObject({ type: 'page_view', leadId });
    await letThrough(page.context(), '**/v1/events', pageViews);
    await eventually(async () => (await host.admin<LeadView>(`/v1/admin/leads/${leadId}`)).interest.breakdown.find((reason) => reason.type === 'page_view')?.count).toBe(1);
  });

  it('every form on the page is fetched at once, and a new visitor’s forms keep the first leadId issued', async () => {
    let loads: Route[] = [];
    const asked: string[] = [];
    const page = await visit('/', async (context) => {
      loads = await holdRequests(context, NEXT);
      context.on('request', (request) => void asked.push(`${request.url()} ${request.postData() ?? ''}`));
    });
    const sent = recordSubmissions(page);
    const ebook = formOn(page, 'ebook-download');
    const demo = formOn(page, 'demo-request');

    // Both asked before either was answered, neither naming a lead.
    await eventually(() => loads.length).toBe(2);
    expect(loads.map(leadIdAsked)).toEqual([null, null]);
    const loadOf = (formId: string): Route => loads.find((route) => route.request().url().includes(`/forms/${formId}/`)) as Route;
    const demoAnswer = await loadOf('demo-request').fetch();
    const ebookAnswer = await loadOf('ebook-download').fetch();
    const demoLead = ((await demoAnswer.json()) as { leadId: string }).leadId;
    const ebookLead = ((await ebookAnswer.json()) as { leadId: string }).leadId;
    expect(ebookLead).not.toBe(demoLead);
    // The demo form's answer arrives first: its lead becomes the page's.
    await loadOf('demo-request').fulfill({ response: demoAnswer });
    expect(await fieldsShown(demo)).toEqual(['email', 'first_name', 'company_size']);
    await loadOf('ebook-download').fulfill({ response: ebookAnswer });
    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    expect(await leadIdIn(page)).toBe(demoLead);

    await ebook.getByLabel('Work email').fill(anEmail('parallel'));
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);

    expect(sent.map((body) => body.leadId)).toEqual([demoLead]);
    expect(asked.filter((request) => request.includes('page_view'))).toEqual([expect.stringContaining(demoLead)]);
    expect(asked.filter((request) => request.includes(ebookLead))).toEqual([]);
  });

  it('the card keeps its height while the form loads: nothing on the page moves when it arrives', async () => {
    let loads: Route[] = [];
    const page = await visit('/', async (context) => {
      loads = await holdRequests(context, NEXT);
    });
    const ebook = formOn(page, 'ebook-download');
    const demo = formOn(page, 'demo-request');
    const layout = async () => ({
      ebook: (await ebook.boundingBox())?.height,
      demo: (await demo.boundingBox())?.height,
      footer: (await page.locator('footer').boundingBox())?.y,
    });
    await eventually(() => loads.length).toBe(2);
    expect(await ebook.getByRole('heading').textContent()).toBe('Loading…');
    const loading = await layout();

    await letThrough(page.context(), NEXT, loads);
    await fieldsShown(ebook);
    await fieldsShown(demo);

    expect(await layout()).toEqual(loading);
    expect(loading.ebook).toBeGreaterThan(300);
  });

  it('"Not you?" on a return visit forgets the stored lead at once and restarts every form as a new lead, nothing of the old one shown', async () => {
    const page = await visit();
    const ebook = formOn(page, 'ebook-download');
    const demo = formOn(page, 'demo-request');
    await fieldsShown(ebook);
    expect(await notYouIn(ebook).count()).toBe(0);
    await ebook.getByLabel('Work email').fill(anEmail('shared-computer'));
    await ebook.getByLabel('Company size').selectOption('11-50');
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    const oldLead = await leadIdIn(page);
    await page.reload();
    expect(await fieldsShown(ebook)).toEqual(['industry', 'role']);
    expect(await fieldsShown(demo)).toEqual(['first_name', 'role', 'timeframe']);
    // A step of the old lead is on its way when "Not you?" is pressed.
    const steps = await holdRequests(page, '**/submissions');
    await demo.getByLabel('First name').fill('Previous Visitor');
    await demo.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => steps.length).toBe(1);
    const loads = await holdRequests(page, NEXT);

    await notYouIn(ebook).click();

    expect(await leadIdIn(page)).toBeNull();
    await eventually(() => loads.length).toBe(2);
    expect(loads.map(leadIdAsked)).toEqual([null, null]);
    expect(await page.locator('[data-winnow-form] form').count()).toBe(0);
    await letThrough(page, NEXT, loads);
    expect(await fieldsShown(ebook)).toEqual(['email', 'company_size']);
    expect(await fieldsShown(demo)).toEqual(['email', 'first_name', 'company_size']);
    const newLead = await leadIdIn(page);
    expect(newLead).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/));
    expect(newLead).not.toBe(oldLead);
    expect(await focusedElement(page)).toMatchObject({ name: 'email', id: 'winnow1-email' });

    // The old lead's step is answered only now: too late to be kept or shown.
    const answered = page.waitForResponse('**/submissions');
    await letThrough(page, '**/submissions', steps);
    expect((await answered).status()).toBe(202);
    await page.evaluate(() => new Promise((done) => setTimeout(done, 100)));
    expect(await leadIdIn(page)).toBe(newLead);
    expect(await fieldsShown(demo)).toEqual(['email', 'first_name', 'company_size']);
    expect(await demo.getByLabel('First name').inputValue()).toBe('');
    expect(await notYouIn(ebook).count()).toBe(0);
    expect(await notYouIn(demo).count()).toBe(0);
  });

  it('has no axe violation of any impact in any state, light and dark, at 1280 and 390 px', async () => {
    const reports: Record<string, AxeReport> = {};
    /** Screenshots of the e-book card (or the whole page) in every look, and axe's findings over the page in each. */
    const lookAt = async (page: Page, state: string, selector?: string) => {
      for (const look of looksAt(800)) {
        await page.setViewportSize({ width: look.width, height: look.height });
        await page.emulateMedia({ colorScheme: look.colorScheme });
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        reports[`${state}, ${look.width} px ${look.colorScheme}`] = await axeReport(page);
        await screenshot(page, `widget-${state}${look.name}`, selector);
      }
    };
    const card = '[data-winnow-form="ebook-download"]';
    let loads: Route[] = [];
    const page = await visit('/', async (context) => {
      loads = await holdRequests(context, NEXT);
    });
    const ebook = formOn(page, 'ebook-download');

    await eventually(() => loads.length).toBe(2);
    await lookAt(page, 'loading', card);
    await letThrough(page.context(), NEXT, loads);
    await fieldsShown(ebook);
    await fieldsShown(formOn(page, 'demo-request'));
    await lookAt(page, 'demo-page');
    await lookAt(page, 'first-step', card);
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await lookAt(page, 'field-errors', card);
    await ebook.getByLabel('Work email').fill(anEmail('looks'));
    await ebook.getByRole('button', { name: 'Continue' }).click();
    await eventually(() => fieldsShown(ebook)).toEqual(['industry', 'role']);
    await lookAt(page, 'last-step', card);
    await ebook.getByRole('button', { name: EBOOK.submitLabel }).click();
    await ebook.locator('.winnow-done').waitFor();
    await lookAt(page, 'thank-you', card);
    await page.reload();
    await fieldsShown(ebook);
    await lookAt(page, 'return-visit', card);
    await lookAt(page, 'demo-request-return-visit', '[data-winnow-form="demo-request"]');

    console.log(
      Object.entries(reports)
        .map(([state, report]) => `axe, widget ${state}: ${[...report.blocking, ...report.other].join('; ') || 'none'}`)
        .join('\n'),
    );
    expect(Object.values(reports).flatMap((report) => [...report.blocking, ...report.other])).toEqual([]);
  });
});
