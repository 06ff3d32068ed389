import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeReport, type AxeReport } from './axe.js';
import { screenshot } from './chromium.js';

/**
 * The four looks a person checks: light and dark, desktop and phone. The desktop is 1280 px wide and
 * `desktopHeight` tall: some views' briefs name a 1280 × 800 laptop, the others are checked at 900.
 */
export const looksAt = (desktopHeight: number) =>
  [
    { name: '', width: 1280, height: desktopHeight, colorScheme: 'light' },
    { name: '-dark', width: 1280, height: desktopHeight, colorScheme: 'dark' },
    { name: '-390', width: 390, height: 844, colorScheme: 'light' },
    { name: '-390-dark', width: 390, height: 844, colorScheme: 'dark' },
  ] as const;

/** The page in each of the four looks a person checks: light and dark, desktop and phone. */
export const LOOKS = looksAt(900);

/** Screenshots in every look (of the element `selector` names, else the whole page), and axe's findings over the page in each. */
export const lookAt = async (page: Page, shot: string, selector?: string): Promise<Record<string, AxeReport>> => {
  const reports: Record<string, AxeReport> = {};
  for (const look of LOOKS) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.colorScheme });
    // Two frames: the page has laid itself out (and seen which tables now scroll) at this size.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    reports[`${look.width} px, ${look.colorScheme}`] = await axeReport(page);
    await screenshot(page, `${shot}${look.name}`, selector);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  return reports;
};

/** No violation of any impact in any look; each look's findings are printed either way. */
export const expectNoViolations = (view: string, reports: Record<string, AxeReport>): void => {
  console.log(
    Object.entries(reports)
      .map(([look, report]) => `axe, admin ${view} (${look}): ${report.blocking.length} serious/critical; others: ${report.other.join('; ') || 'none'}`)
      .join('\n'),
  );
  expect(Object.values(reports).flatMap((report) => [...report.blocking, ...report.other])).toEqual([]);
};
