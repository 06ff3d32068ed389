import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { signFeedbackLink } from '../../functions/app/feedback-links.js';
import type { Decision } from '../../functions/core/index.js';
import { requestDemo } from '../e2e/helpers/local-host-process.js';
import { browserSuite, useChromium } from './helpers/chromium.js';
import { useLocalHost } from './helpers/host.js';
import { expectNoViolations, lookAt } from './helpers/looks.js';

// The host signs its links with this secret, so the test can sign links a notification would carry.
const LINK_SECRET = 'browser-link-secret-0123456789abcdef-0123';

browserSuite('the pages a notification’s one-click links open, in Chromium', { timeout: 120_000 }, () => {
  const host = useLocalHost({ WINNOW_LINK_SECRET: LINK_SECRET });
  const browser = useChromium();

  /** Ada asks for a demo with every step answered: the scorer makes her an MQL in cycle 1. */
  const aHandRaiser = async (): Promise<string> => {
    const { leadId } = (await (await fetch(`${host.base}/v1/forms/demo-request/next`)).json()) as { leadId: string };
    await requestDemo(host.base, leadId, `ada.${randomUUID().slice(0, 8)}@analytical-engines.example`);
    await host.waitFor('the MQL', async () => ((await host.admin<{ stage: string }>(`/v1/admin/leads/${leadId}`)).stage === 'MQL' ? true : undefined));
    return leadId;
  };
  const linkTo = (leadId: string, decision: Decision): string => signFeedbackLink(host.base, LINK_SECRET, { leadId, decision, cycle: 1 }, new Date());
  const opened = async (url: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(url);
    return page;
  };

  it('the accept page names the lead before anything changes, and the page after says what happened to whom', async () => {
    const leadId = await aHandRaiser();
    const page = await opened(linkTo(leadId, 'accept'));

    expect(await page.title()).toBe('Accept Ada? · Winnow');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const main = page.getByRole('main');
    expect(await main.getByRole('heading', { level: 1 }).textContent()).toBe('Accept Ada?');
    expect(await main.textContent()).toMatch(/ada\.[0-9a-f]{8}@analytical-engines\.example · \+1 555 0100/);
    expect(await main.getByRole('link', { name: 'Open in Winnow' }).getAttribute('href')).toBe(`/admin#/leads/${encodeURIComponent(leadId)}`);
    expect((await host.admin<{ stage: string }>(`/v1/admin/leads/${leadId}`)).stage).toBe('MQL');
    expectNoViolations('accept link page', await lookAt(page, 'feedback-accept'));

    await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), main.getByRole('button', { name: 'Accept' }).click()]);
    await page.getByRole('heading', { level: 1, name: 'Done: Ada' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Ada is accepted: it is yours (SAL).');
    expect((await host.admin<{ stage: string }>(`/v1/admin/leads/${leadId}`)).stage).toBe('SAL');
    expectNoViolations('accept done page', await lookAt(page, 'feedback-accepted'));
  });

  it('the return page asks for one of the playbook’s reasons, with a quiet button, and refuses a link that was altered', async () => {
    const leadId = await aHandRaiser();
    const page = await opened(linkTo(leadId, 'reject'));

    const main = page.getByRole('main');
    expect(await main.getByRole('heading', { level: 1 }).textContent()).toBe('Return Ada to marketing?');
    const reason = main.getByLabel('Why does it go back to marketing?');
    expect((await reason.locator('option').allTextContents()).length).toBeGreaterThan(1);
    // The outlined button: returning is never drawn as loud as accepting.
    expect(await main.getByRole('button', { name: 'Return to marketing' }).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    expectNoViolations('return link page', await lookAt(page, 'feedback-return'));

    const forged = await opened(linkTo(leadId, 'reject').replace(/sig=[^&]+/, 'sig=forged'));
    expect(await forged.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid');
    expectNoViolations('refused link page', await lookAt(forged, 'feedback-refused'));
    expect((await host.admin<{ stage: string }>(`/v1/admin/leads/${leadId}`)).stage).toBe('MQL');
  });
});
