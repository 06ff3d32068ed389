import { expect } from 'vitest';
import type { Locator, Page, Request } from 'playwright-core';

/** The widget mounted for one form on the demo page. */
export const formOn = (page: Page, formId: string): Locator => page.locator(`[data-winnow-form="${formId}"]`);

/** The fields the widget shows now, by question id, in order (a multiselect's boxes count once). */
export const fieldsShown = async (form: Locator): Promise<string[]> => {
  await form.locator('form, .winnow-done').first().waitFor();
  const names = await form.locator('form .winnow-field').evaluateAll((fields) =>
    fields.map((field) => field.querySelector('input, select, textarea')?.getAttribute('name') ?? '?'),
  );
  return names;
};

/** Submission bodies the page sent, in order (attempts that failed included). */
export const recordSubmissions = (page: Page): Record<string, unknown>[] => {
  const sent: Record<string, unknown>[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().includes('/submissions')) sent.push(request.postDataJSON() as Record<string, unknown>);
  });
  return sent;
};

export const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return { tag: element?.tagName.toLowerCase(), name: element?.getAttribute('name'), id: element?.id, text: element?.textContent?.trim() };
  });

let counter = 0;
/** A unique email per test, so leads never merge across tests sharing a host. */
export const anEmail = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}@example.com`;

/**
 * expect.poll with room for a loaded machine: a step is a round trip through the API (and, for
 * scores, the queue), which takes far longer than poll's default second when every core is busy.
 */
export const eventually = <T>(probe: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(probe, { timeout: options.timeout ?? 15_000, interval: 100 });
