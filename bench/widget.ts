/**
 * The widget on a customer's page, against the previous release in the same run: its weight
 * (the very widget.js the API serves, the previous release's kept in bench/previous-widget.ts,
 * and Typeform's embed loader bundled by esbuild, all gzipped -9 as the API sends the widget),
 * and how long it takes, once loaded, to show a page's two forms in Chromium, with the API
 * answering at once and after a 150 ms round trip. Printed, never asserted: the budget is read by people.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import type { FormInput } from '../functions/core/form.js';
import { widgetScript } from '../functions/http/routes/pages/assets.generated.js';
import { PREVIOUS_RELEASE, previousWidgetScript } from './previous-widget.js';

/** The issue's budget for widget.js, minified and gzipped. */
const BUDGET_BYTES = 5 * 1024;
/** Debian's Chromium, as the browser tests use it. */
const CHROMIUM = process.env.WINNOW_CHROMIUM ?? '/usr/bin/chromium';
const LOADS = 11;
/** The issue's figure: a visitor 150 ms from the API. */
const ROUND_TRIPS_MS = [0, 150];
const FORMS = ['ebook-download', 'demo-request'];

const root = fileURLToPath(new URL('../', import.meta.url));

interface Weight {
  name: string;
  minified: number;
  gzipped: number;
}

const weigh = (name: string, code: Uint8Array): Weight => ({ name, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength });

const bundled = async (entry: string): Promise<Uint8Array> => {
  const result = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, minify: true, format: 'iife', target: 'es2020', write: false, logLevel: 'silent', legalComments: 'none' });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const sizes = async (): Promise<void> => {
  const previous = weigh(`widget.js ${PREVIOUS_RELEASE} (previous release)`, Buffer.from(previousWidgetScript));
  const winnow = weigh('widget.js now (as GET /widget.js serves it)', Buffer.from(widgetScript));
  const typeform = weigh('Typeform loader (@typeform/embed)', await bundled('@typeform/embed'));
  console.log('\nWidget size: minified, gzip -9');
  console.table([previous, winnow, typeform].map((w) => ({ bundle: w.name, minified: kb(w.minified), 'min+gzip': kb(w.gzipped), bytes: w.gzipped })));
  const change = winnow.gzipped - previous.gzipped;
  console.log(
    `widget.js is ${kb(winnow.gzipped)} min+gzip: ${winnow.gzipped <= BUDGET_BYTES ? 'within' : 'OVER'} the ${kb(BUDGET_BYTES)} budget ` +
      `(${BUDGET_BYTES - winnow.gzipped} bytes to spare; ${change >= 0 ? '+' : ''}${change} bytes since ${PREVIOUS_RELEASE}); ` +
      `Typeform's loader is ${(typeform.gzipped / winnow.gzipped).toFixed(1)}× its size (and then loads the form itself in an iframe).`,
  );
};

/** The example forms' first steps, as GET next answers a new visitor. */
const firstSteps = new Map(
  FORMS.map((id) => {
    const form = JSON.parse(readFileSync(`${root}forms/${id}.json`, 'utf8')) as FormInput;
    const perStep = form.questionsPerStep ?? 3;
    const { thankYou = 'Thank you!', submitLabel, thankYouUrl } = form;
    return [id, { formId: id, formVersion: 1, title: form.title, thankYou, submitLabel, thankYouUrl, questionsPerStep: perStep, questions: form.questions.slice(0, perStep), remaining: form.questions.length - perStep, complete: false }];
  }),
);

/** Both forms, and when each first showed a step, by the page's own clock. */
const page = (script: string): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget bench</title>
<script>window.shown = {}; new MutationObserver(() => { for (const form of document.querySelectorAll('[data-winnow-form]')) if (form.querySelector('form') && !shown[form.dataset.winnowForm]) shown[form.dataset.winnowForm] = performance.now(); }).observe(document, { subtree: true, childList: true });</script>
<script src="/${script}/widget.js" async></script></head>
<body><main>${FORMS.map((id) => `<div data-winnow-form="${id}"></div>`).join('')}</main></body></html>`;

/**
 * The page, both widgets, and an API that answers as Winnow's does what the widgets ask on a
 * first visit (a new lead each time no leadId is given), each answer after `delay()` ms.
 */
const serve = async (delay: () => number) => {
  const scripts: Record<string, string> = { previous: previousWidgetScript, now: widgetScript };
  const answer = (response: ServerResponse, status: number, type: string, body: string) => {
    setTimeout(() => response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body), type.includes('json') ? delay() : 0);
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, bundle = '', file] = url.pathname.split('/');
    const next = /^\/v1\/forms\/([^/]+)\/next$/.exec(url.pathname);
    request.resume();
    if (url.pathname === '/previous' || url.pathname === '/now') answer(response, 200, 'text/html', page(url.pathname.slice(1)));
    else if (file === 'widget.js' && scripts[bundle]) answer(response, 200, 'text/javascript', scripts[bundle]);
    else if (next && firstSteps.has(next[1] ?? '')) {
      const leadId = url.searchParams.get('leadId') ?? randomBytes(16).toString('base64url');
      answer(response, 200, 'application/json', JSON.stringify({ leadId, ...firstSteps.get(next[1] ?? '') }));
    } else if (url.pathname === '/v1/events') answer(response, 202, 'application/json', '{}');
    else answer(response, 404, 'application/json', '{"error":{"code":"not_found","message":"no such thing"}}');
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
};

/**
 * Milliseconds from widget.js arriving until one form, then both, showed a step, for one new
 * visitor: what the script's own work and the API's round trips cost, without the page's load.
 */
const renderOnce = async (browser: Browser, base: string, bundle: string) => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${base}/${bundle}`);
  await tab.waitForFunction((count) => Object.keys((globalThis as unknown as { shown: object }).shown).length === count, FORMS.length);
  const { arrived, shown } = await tab.evaluate(() => ({
    arrived: (performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/widget.js')) as { responseEnd?: number } | undefined)?.responseEnd ?? 0,
    shown: Object.values((globalThis as unknown as { shown: Record<string, number> }).shown),
  }));
  await context.close();
  return { first: Math.min(...shown) - arrived, both: Math.max(...shown) - arrived };
};

const renders = async (): Promise<void> => {
  if (!existsSync(CHROMIUM)) {
    console.log(`\nWidget render time: skipped, no Chromium at ${CHROMIUM} (set WINNOW_CHROMIUM)`);
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const rows = [];
  try {
    for (const roundTrip of ROUND_TRIPS_MS) {
      const api = await serve(() => roundTrip);
      const samples: Record<string, { first: number[]; both: number[] }> = { previous: { first: [], both: [] }, now: { first: [], both: [] } };
      // Taken in turn, so a busy moment of the machine weighs on both alike; the first turn warms the browser up.
      for (let load = 0; load <= LOADS; load += 1) {
        for (const [bundle, times] of Object.entries(samples)) {
          const { first, both } = await renderOnce(browser, api.base, bundle);
          if (load === 0) continue;
          times.first.push(first);
          times.both.push(both);
        }
      }
      await api.close();
      const [previous, now] = [samples.previous, samples.now].map((times) => ({ first: median(times?.first ?? []), both: median(times?.both ?? []) }));
      if (!previous || !now) continue;
      rows.push(
        { widget: PREVIOUS_RELEASE, 'API round trip': `${roundTrip} ms`, 'first form ms': previous.first.toFixed(0), 'both forms ms': previous.both.toFixed(0), 'vs previous': '1.00×' },
        { widget: 'now', 'API round trip': `${roundTrip} ms`, 'first form ms': now.first.toFixed(0), 'both forms ms': now.both.toFixed(0), 'vs previous': `${(now.both / previous.both).toFixed(2)}×` },
      );
    }
  } finally {
    await browser.close();
  }
  console.log(`\nWidget render time: a page with ${FORMS.length} forms and a new visitor, from widget.js arriving until each form shows its first step (Chromium, median of ${LOADS} loads each)`);
  console.table(rows);
};

export const widgetBench = async (): Promise<void> => {
  await sizes();
  await renders();
};
