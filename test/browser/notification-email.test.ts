import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { scoreFit } from '../../functions/core/fit.js';
import { scoreInterest } from '../../functions/core/interest.js';
import type { Answers, LeadEvent } from '../../functions/core/lead.js';
import { qualifiedNotification, type QualifiedNotificationInput } from '../../functions/core/notification.js';
import { LINKS, NOW, anEvent, eventsOf, exampleForms, examplePlaybooks } from '../helpers/factories.js';
import { browserSuite, useChromium } from './helpers/chromium.js';
import { expectNoViolations, lookAt } from './helpers/looks.js';

const ADMIN_URL = 'https://winnow.example.com/admin#/leads/lead_7Hq2';
const ATTEMPT = 'https://winnow.example.com/v1/feedback/lead_7Hq2?decision=attempt&cycle=1&sig=ghi';

/** A notice as the scorer builds it, from the example forms and playbook a marketer copies. */
const aNotice = (answers: Answers, events: LeadEvent[], overrides: Partial<QualifiedNotificationInput>): QualifiedNotificationInput => {
  const playbook = examplePlaybooks().find(({ document }) => document.id === 'default')?.document;
  if (!playbook) throw new Error('playbooks/default.json is missing');
  return {
    lead: { leadId: 'lead_7Hq2', source: { formId: 'webinar-signup', utmSource: 'linkedin' } },
    fit: scoreFit(playbook, answers),
    interest: scoreInterest(playbook, events, NOW),
    cycle: 1,
    handRaiser: false,
    links: { ...LINKS, attempt: ATTEMPT },
    answers,
    forms: exampleForms().map(({ document }) => document),
    playbook,
    adminUrl: ADMIN_URL,
    ...overrides,
  };
};

/** Ada came through the webinar, then asked for a demo and said what she wants to see. */
const HAND_RAISER = aNotice(
  {
    email: 'ada.lovelace@analytical-engines.example',
    first_name: 'Ada',
    company: 'Analytical Engines Ltd',
    company_size: '201+',
    role: 'decision_maker',
    timeframe: '3m',
    budget: 60_000,
    phone: '+44 20 7946 0018',
    message: 'We route about 400 inbound leads a week by hand.\nCan Winnow assign them by region and tell the rep in Slack?',
  },
  [anEvent('form_submission'), anEvent('form_submission', 1), anEvent('webinar_attended', 3), ...eventsOf('pricing_view', 2, 1)],
  { handRaiser: true, askedOn: 'demo-request', assignedTo: 'Ana Ruiz' },
);

/** Grace read the e-book and came back to pricing: the grid sends her to sales. */
const GRID_QUALIFIED = aNotice(
  {
    email: 'grace@hopper-labs.example',
    company_size: '51-200',
    industry: 'software',
    role: 'influencer',
    need: 'replace_tool',
    region: 'europe',
    timeframe: '12m',
  },
  [anEvent('form_submission', 2), anEvent('content_download', 2), ...eventsOf('pricing_view', 3, 1), ...eventsOf('page_view', 6, 1)],
  { lead: { leadId: 'lead_7Hq2', formTitle: 'Get the lead-scoring playbook (free e-book)', source: { formId: 'ebook-download' } } },
);

browserSuite('the notification email, in Chromium', { timeout: 90_000 }, () => {
  const browser = useChromium();

  /** The email as a mail client shows it: its HTML alone, no network. */
  const opened = async (html: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true })).newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return page;
  };

  it('a hand-raiser’s email names the lead, what they asked and why, and passes axe in light and dark, at 1280 and 390 px', async () => {
    const { html, subject } = qualifiedNotification(HAND_RAISER);
    const page = await opened(html);

    expect(await page.title()).toBe(subject);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ada, Analytical Engines Ltd');
    expect(await page.getByRole('banner').textContent()).toContain('ada.lovelace@analytical-engines.example · +44 20 7946 0018');
    const asked = page.getByRole('main');
    expect(await asked.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['What they asked', 'Why sales gets it']);
    expect(await asked.locator('dt').allTextContents()).toEqual(['What would you like to see?', 'Company size', 'Your role in the purchase', 'When do you plan to buy?', 'Yearly budget (USD)']);
    expect(await asked.locator('dd').first().textContent()).toContain('tell the rep in Slack?');
    expect(await page.getByRole('link').allTextContents()).toEqual(['Open in Winnow', 'Accept', 'Log a call', 'Return to marketing']);
    expect(await page.getByRole('link', { name: 'Open in Winnow' }).getAttribute('href')).toBe(ADMIN_URL);
    expect(await page.getByRole('contentinfo').textContent()).toContain('Lead id: lead_7Hq2.');

    expectNoViolations('notification email, hand-raiser', await lookAt(page, 'notification-email-hand-raiser'));
  });

  it('a lead the grid qualified: labelled reasons, whole-number scores, no “What they asked”, and axe passes in every look', async () => {
    const { html } = qualifiedNotification(GRID_QUALIFIED);
    const page = await opened(html);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('grace@hopper-labs.example');
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Why sales gets it']);
    const facts = await page.getByRole('row').allTextContents();
    expect(facts).toEqual([
      'FitGrade A (Ideal fit) · 14 points',
      'InterestWarm · 25 points',
      'FormGet the lead-scoring playbook (free e-book)',
      'First came throughGet the lead-scoring playbook (free e-book)',
    ]);
    const reasons = await page.getByRole('listitem').allTextContents();
    expect(reasons).toContain('+2 Industry (ICP): Software');
    expect(reasons).toContain('+3 Need (BANT): Replacing our current tool');
    expect(reasons.some((reason) => /Pricing page views ×3/.test(reason))).toBe(true);
    expect(reasons.join(' ')).not.toMatch(/\d\.\d|_/);

    expectNoViolations('notification email, grid-qualified', await lookAt(page, 'notification-email-mql'));
  });

  it('an MQL’s raised hand is flagged beside the headline, readable in every look', async () => {
    const { html, subject } = qualifiedNotification({ ...HAND_RAISER, alreadyMql: true, rep: { name: 'Ana Ruiz', slackUserId: 'U024BE7LH' } });
    const page = await opened(html);

    expect(subject).toMatch(/^Hand-raiser, already an MQL: Ada, Analytical Engines Ltd /);
    expect(await page.getByRole('banner').locator('.flag').textContent()).toBe('Already an MQL');

    expectNoViolations('notification email, already an MQL', await lookAt(page, 'notification-email-already-mql', 'header'));
  });
});
