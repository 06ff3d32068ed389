import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROOT } from '../../e2e/helpers/local-host-process.js';

/** Debian's Chromium (STACK.md "Browser tests"); `.ci/run` installs it when missing. */
export const CHROMIUM = process.env.WINNOW_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SCREENSHOTS = `${ROOT}test/e2e/screenshots`;

/**
 * A suite that needs a real browser. Without Chromium it fails, saying how to install it:
 * a skipped browser test would hide a gap, on a developer's machine as in CI.
 */
export const browserSuite = (name: string, options: { timeout: number }, body: () => void): void => {
  if (existsSync(CHROMIUM)) {
    describe(name, options, body);
    return;
  }
  describe(name, () => {
    it('has Chromium to run in', () => {
      throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or point WINNOW_CHROMIUM at one`);
    });
  });
};

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS });

/**
 * One Chromium for the file's tests, launched before the first and closed after the last. Only
 * `newContext` is offered: each test opens its own context, so no cookie or storage leaks between tests.
 */
export const useChromium = (): Pick<Browser, 'newContext'> => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    newContext: (options) => {
      if (!browser) throw new Error('Chromium is not running: open contexts in tests or hooks, after useChromium() has launched it');
      return browser.newContext(options);
    },
  };
};

/** Written for a person to look at (git-ignored); the tests assert on the page, not on pixels. */
export const screenshot = async (page: Page, name: string, selector?: string): Promise<void> => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
};
