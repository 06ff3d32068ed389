import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What the bar counts: serious and critical violations fail, the others are reported. */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

export interface AxeReport {
  blocking: string[];
  other: string[];
}

const describeViolation = (violation: Result): string =>
  `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`;

/** Runs axe-core (WCAG 2.x A and AA, and best practices) in the page as it is now. */
export const axeReport = async (page: Page): Promise<AxeReport> => {
  // Evaluated through the DevTools protocol: the admin page's CSP rightly refuses injected <script>s.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  const violations = results.violations;
  return {
    blocking: violations.filter((v) => v.impact && BLOCKING.includes(v.impact)).map(describeViolation),
    other: violations.filter((v) => !v.impact || !BLOCKING.includes(v.impact)).map(describeViolation),
  };
};
