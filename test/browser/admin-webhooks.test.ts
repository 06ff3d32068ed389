import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { axeReport, type AxeReport } from './helpers/axe.js';
import { browserSuite, screenshot, useChromium } from './helpers/chromium.js';
import { ADMIN_TOKEN, useLocalHost } from './helpers/host.js';
import { expectNoViolations, looksAt } from './helpers/looks.js';
import { eventually } from './helpers/widget-page.js';

interface EndpointView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  description?: string;
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A CRM's receiver on loopback (SPEC: http to 127.0.0.1 is accepted under npm start): `/ok` answers 204, `/down` 500. */
const useReceiver = (): { url: () => string; received: Received[] } => {
  const received: Received[] = [];
  let server: Server;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = request.url?.startsWith('/down') ? 500 : 204;
        response.end(request.url?.startsWith('/down') ? 'upstream CRM is down' : undefined);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });
  return { url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
};

const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
const SECTION = 'section.webhooks-section';

/** The text a cell shows, line breaks and no-break spaces read as single spaces. */
const shown = (text: string): string => text.replace(/\s+/g, ' ').trim();
const rowsOf = async (table: Locator): Promise<string[][]> =>
  Promise.all((await table.locator('tbody tr').all()).map(async (row) => (await row.locator('th, td').allInnerTexts()).map(shown)));

browserSuite('the admin page’s webhooks view, in Chromium', { timeout: 180_000 }, () => {
  const host = useLocalHost();
  const receiver = useReceiver();
  const browser = useChromium();
  /** Every look's axe findings, by state, and the looks that scroll sideways: checked at the end of each test. */
  let axe: Record<string, AxeReport> = {};
  let sideways: string[] = [];
  beforeEach(() => {
    axe = {};
    sideways = [];
  });

  const endpoints = async (): Promise<EndpointView[]> => (await host.admin<{ endpoints: EndpointView[] }>('/v1/admin/webhooks')).endpoints;

  const signedIn = async (): Promise<{ page: Page; webhooks: Locator }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    // The secret's Copy button writes to the clipboard; the test reads it back.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.base });
    const page = await context.newPage();
    await page.goto(`${host.base}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin token').press('Enter');
    const webhooks = page.getByRole('region', { name: 'Webhooks' });
    await webhooks.getByRole('heading', { name: 'Webhooks', level: 2 }).waitFor();
    await webhooks.locator('[aria-busy]').waitFor({ state: 'detached' }).catch(() => undefined);
    return { page, webhooks };
  };

  /** Screenshots of the section in every look, axe over the whole page in each, and whether the page scrolls sideways. */
  const looksOf = async (page: Page, state: string): Promise<void> => {
    await page.locator(SECTION).scrollIntoViewIfNeeded();
    for (const look of looksAt(800)) {
      await page.setViewportSize({ width: look.width, height: look.height });
      await page.emulateMedia({ colorScheme: look.colorScheme });
      // Two frames: the page has laid itself out (and seen which tables now scroll) at this size.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const key = `${state}, ${look.width} px, ${look.colorScheme}`;
      axe[key] = await axeReport(page);
      if (await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)) sideways.push(key);
      await screenshot(page, `admin-webhooks-${state}${look.name}`, SECTION);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  };

  const expectLooksClean = (view: string) => {
    expect(sideways).toEqual([]);
    expectNoViolations(view, axe);
  };

  describe('with the admin API as it stands', () => {
    it('an admin adds an endpoint from the empty state, sees its secret once, finds it listed, and rotates the secret', async () => {
      // Prepare
      const { page, webhooks } = await signedIn();

      // Assess: nothing yet, and what to do about it.
      await eventually(() => webhooks.locator('[data-field=empty]').textContent()).toMatch(/^No endpoints yet — add your CRM’s URL with “Add endpoint”/);
      expect(await webhooks.locator('[data-field=empty] li').allInnerTexts()).toEqual([
        expect.stringContaining('{type, timestamp, data}'),
        expect.stringContaining('webhook-signature'),
        expect.stringContaining('docs/webhooks.md'),
      ]);
      await looksOf(page, 'empty');

      // Act: the form, with every lead event ticked, then two unticked.
      const add = webhooks.getByRole('button', { name: 'Add endpoint' });
      await add.click();
      expect(await add.getAttribute('aria-expanded')).toBe('true');
      const form = webhooks.getByRole('form', { name: 'Add an endpoint' });
      const events = form.getByRole('group', { name: 'Events to send' });
      expect(await events.getByRole('checkbox').count()).toBe(8);
      expect(await events.getByRole('checkbox', { checked: true }).count()).toBe(8);
      expect(await events.locator('label').allInnerTexts()).toEqual([
        'Lead qualified (MQL)',
        'Lead assigned to a rep',
        'Lead reassigned to the next rep',
        'Rep missed the SLA',
        'Accepted by sales (SAL)',
        'Returned to marketing (nurture)',
        'Converted to an opportunity (SQL)',
        'Lead erased (GDPR)',
      ]);
      await form.getByLabel('Endpoint URL').fill(`${receiver.url()}/ok`);
      await events.getByLabel('Lead reassigned to the next rep').uncheck();
      await events.getByLabel('Rep missed the SLA').uncheck();
      await form.getByLabel('Description (optional)').fill('CRM bridge');
      await looksOf(page, 'form');
      await form.getByRole('button', { name: 'Save endpoint' }).click();

      // Assess: the secret, once, with a copy button and the warning.
      const panel = webhooks.getByRole('region', { name: 'Signing secret for CRM bridge' });
      const secret = (await panel.locator('[data-field=secret]').textContent()) ?? '';
      expect(secret).toMatch(SECRET);
      expect(await panel.textContent()).toContain('Copy it now: you won’t see this secret again.');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Signing secret for CRM bridge');
      await panel.getByRole('button', { name: 'Copy secret' }).click();
      await eventually(() => panel.getByRole('status').textContent()).toBe('Copied to the clipboard.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      expect(await webhooks.getByRole('status').first().textContent()).toBe('Endpoint CRM bridge is added.');
      await looksOf(page, 'secret');

      const [saved] = await endpoints();
      expect(saved).toEqual({
        id: '127-0-0-1',
        url: `${receiver.url()}/ok`,
        events: ['lead.qualified', 'lead.assigned', 'lead.accepted', 'lead.returned', 'lead.converted', 'lead.erased'],
        enabled: true,
        description: 'CRM bridge',
        createdAt: expect.any(String),
      });

      await panel.getByRole('button', { name: 'I have stored it' }).click();
      expect(await page.content()).not.toContain(secret);

      // The list: labels, not ids.
      const card = webhooks.getByRole('listitem', { name: 'CRM bridge' });
      expect(await card.locator('[data-field=url]').textContent()).toBe(`${receiver.url()}/ok`);
      expect(await card.locator('[data-field=events]').textContent()).toBe(
        'Lead qualified (MQL), Lead assigned to a rep, Accepted by sales (SAL), Returned to marketing (nurture), Converted to an opportunity (SQL) and Lead erased (GDPR)',
      );
      expect(await card.locator('[data-field=state]').textContent()).toBe('Enabled');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('CRM bridge');
      await looksOf(page, 'list');

      // Act: rotate, which asks first and says what the overlap means.
      await card.getByRole('button', { name: 'Rotate secret: CRM bridge' }).click();
      const asked = card.getByRole('group', { name: 'Rotate the secret of CRM bridge?' });
      expect(await asked.textContent()).toContain('For 24 hours each delivery carries a signature by the old secret too');
      await looksOf(page, 'rotate-confirm');
      await asked.getByRole('button', { name: 'Rotate secret', exact: true }).click();

      // Assess: a new secret, once, and until when the old one still signs.
      const rotated = webhooks.getByRole('region', { name: 'New signing secret for CRM bridge' });
      const second = (await rotated.locator('[data-field=secret]').textContent()) ?? '';
      expect(second).toMatch(SECRET);
      expect(second).not.toBe(secret);
      expect(await rotated.textContent()).toMatch(/The previous secret keeps signing until \d{1,2} \w+ \d{4}, \d{2}:\d{2} \(24 hours\), alongside this one/);
      await looksOf(page, 'rotated');
      await rotated.getByRole('button', { name: 'I have stored it' }).click();
      expect(await page.content()).not.toContain(second);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Rotate secret: CRM bridge');

      expectLooksClean('webhooks');
    });

    it('says beside the field why a URL is refused, and deletes an endpoint only once the admin confirms', async () => {
      // Prepare
      const { page, webhooks } = await signedIn();
      await webhooks.getByRole('button', { name: 'Add endpoint' }).click();
      const form = webhooks.getByRole('form', { name: 'Add an endpoint' });
      const url = form.getByLabel('Endpoint URL');

      // Act: nothing, then no event, then a URL the API refuses (http to a host that is not loopback).
      await form.getByRole('button', { name: 'Save endpoint' }).click();
      expect(await form.locator('#webhook-url-error').textContent()).toBe('Enter the URL your receiver listens on.');
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      await url.fill('https://crm.example.com/hooks');
      for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
      await form.getByRole('button', { name: 'Save endpoint' }).click();
      expect(await form.locator('#webhook-events-error').textContent()).toBe('Pick at least one event to send.');
      await form.getByLabel('Lead qualified (MQL)').check();
      await url.fill('http://crm.example.com/hooks');
      await form.getByRole('button', { name: 'Save endpoint' }).click();

      // Assess
      await eventually(() => form.locator('#webhook-url-error').textContent()).toMatch(/^This URL must use https/);
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('webhook-url');
      await looksOf(page, 'refused');
      await form.getByRole('button', { name: 'Cancel' }).click();

      // Act: Delete, then Cancel: nothing is deleted.
      const card = webhooks.getByRole('listitem', { name: 'CRM bridge' });
      await card.getByRole('button', { name: 'Delete: CRM bridge' }).click();
      const asked = card.getByRole('group', { name: 'Delete CRM bridge?' });
      expect(await asked.textContent()).toContain('this cannot be undone');
      await looksOf(page, 'delete-confirm');
      await asked.getByRole('button', { name: 'Cancel' }).click();
      expect(await endpoints()).toHaveLength(1);

      // Act: Delete, confirmed.
      await card.getByRole('button', { name: 'Delete: CRM bridge' }).click();
      await asked.getByRole('button', { name: 'Delete endpoint' }).click();

      // Assess
      await eventually(() => webhooks.locator('[data-field=empty]').count()).toBe(1);
      expect(await webhooks.getByRole('status').first().textContent()).toBe('Endpoint CRM bridge is deleted.');
      expect(await endpoints()).toEqual([]);

      expectLooksClean('webhooks, refusals');
    });

    it('shows the deliveries log as the API answers it: a badge with words per status, attempts, the last answer, the next attempt in words, older pages by cursor, and Redeliver on each', async () => {
      // Prepare: a real endpoint, whose deliveries the page reads from this fixture (every status, two pages).
      await host.admin('/v1/admin/webhooks/crm-log', { url: `${receiver.url()}/ok`, events: ['lead.qualified'], description: 'Pipedrive' }, 'PUT');
      const { page, webhooks } = await signedIn();
      const now = Date.now();
      const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
      const first = [
        { id: 'msg_pending', type: 'lead.qualified', status: 'pending', attempts: 2, lastStatus: 500, lastError: 'answered 500: upstream CRM is down', nextAttemptAt: at(5 * 60_000), createdAt: at(-60_000) },
        { id: 'msg_delivered', type: 'lead.accepted', status: 'delivered', attempts: 1, lastStatus: 204, deliveredAt: at(-3 * 60_000), createdAt: at(-3 * 60_000) },
        { id: 'msg_failed', type: 'lead.erased', status: 'failed', attempts: 8, lastError: 'no answer within 10000 ms', createdAt: at(-2 * 86_400_000) },
      ];
      const older = [{ id: 'msg_test', type: 'webhook.test', status: 'delivered', attempts: 1, lastStatus: 200, deliveredAt: at(-3 * 86_400_000), createdAt: at(-3 * 86_400_000) }];
      const asked: string[] = [];
      // The first read waits until the test has seen the page say it is loading.
      let release = () => {};
      const held = new Promise<void>((done) => {
        release = done;
      });
      await page.route('**/v1/admin/webhooks/crm-log/deliveries**', async (route) => {
        const url = new URL(route.request().url());
        asked.push(`${route.request().method()} ${url.pathname}${url.search}`);
        if (asked.length === 1) await held;
        if (route.request().method() === 'POST') return route.fulfill({ status: 202, contentType: 'application/json', body: '{}' });
        const page2 = url.searchParams.get('cursor') === 'page-2';
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(page2 ? { deliveries: older } : { deliveries: first, cursor: 'page-2' }) });
      });
      const card = webhooks.getByRole('listitem', { name: 'Pipedrive' });

      // Act
      const toggle = card.getByRole('button', { name: 'Deliveries: Pipedrive' });
      await toggle.click();

      // Assess: a progress indication while the log is read, then the log.
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await eventually(() => card.locator('.deliveries .loading').textContent()).toBe('Loading deliveries…');
      expect(await card.locator('.deliveries-body').getAttribute('aria-busy')).toBe('true');
      await looksOf(page, 'loading');
      release();
      const log = card.getByRole('table', { name: 'Deliveries to Pipedrive, newest first' });
      await log.waitFor();
      expect((await log.locator('thead th').allInnerTexts()).map(shown)).toEqual(['Event', 'Status', 'Last answer', 'Next', 'Action']);
      const rows = await rowsOf(log);
      expect(rows.map(([event, status, last, next, action]) => [event?.split(/ \d/)[0], status, last, next?.replace(/\d{1,2} \w+ \d{4}, \d{2}:\d{2}/, 'DATE'), action])).toEqual([
        ['Lead qualified (MQL)', 'Pending 2 attempts', 'answered 500: upstream CRM is down', 'Next attempt in 5 minutes', 'Redeliver'],
        ['Accepted by sales (SAL)', 'Delivered 1 attempt', 'HTTP 204', 'Delivered DATE', 'Redeliver'],
        ['Lead erased (GDPR)', 'Failed 8 attempts', 'no answer within 10000 ms', 'Gave up after 8 attempts: redeliver to try again', 'Redeliver'],
      ]);
      // Each status its own colour, and its words beside it.
      const colours = await log.locator('.badge').evaluateAll((badges) => badges.map((badge) => getComputedStyle(badge).color));
      expect(new Set(colours).size).toBe(3);
      await looksOf(page, 'deliveries');

      // Act: the older page, by the cursor the first one gave.
      await card.getByRole('button', { name: 'Show older deliveries' }).click();

      // Assess
      await eventually(() => log.locator('tbody tr').count()).toBe(4);
      expect((await rowsOf(log))[3]?.[0]).toMatch(/^Test event /);
      expect(await card.getByRole('button', { name: 'Show older deliveries' }).count()).toBe(0);
      expect(asked.filter((call) => call.startsWith('GET'))).toEqual(
        expect.arrayContaining(['GET /v1/admin/webhooks/crm-log/deliveries?limit=10', 'GET /v1/admin/webhooks/crm-log/deliveries?limit=10&cursor=page-2']),
      );

      // Act: redeliver the failed one.
      await log.getByRole('button', { name: /^Redeliver: Lead erased \(GDPR\), / }).click();

      // Assess
      await eventually(() => card.locator('.deliveries .notice').textContent()).toBe('Lead erased (GDPR) is queued again for Pipedrive.');
      expect(asked).toContain('POST /v1/admin/webhooks/crm-log/deliveries/msg_failed/redeliver');

      // Act: a test send the API refuses.
      await page.route('**/v1/admin/webhooks/crm-log/test', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'the delivery queue is not reachable' } }) }),
      );
      await card.getByRole('button', { name: 'Send test event: Pipedrive' }).click();

      // Assess: said in the card, in words.
      await eventually(() => card.locator('[data-field=card-error]').textContent()).toBe('The test event could not be queued for Pipedrive: the delivery queue is not reachable');
      await looksOf(page, 'test-refused');

      expectLooksClean('webhooks, deliveries');
      await host.admin('/v1/admin/webhooks/crm-log', undefined, 'DELETE');
    });
  });

  // These need POST …/{id}/test, POST …/deliveries/{deliveryId}/redeliver and the delivery worker (issue 18's other half).
  describe('with deliveries the local worker makes', () => {
    it('disables an endpoint once the admin confirms, and enables it again, switched off by Winnow or by hand, its secret kept', async () => {
      // Prepare: an endpoint made through the API, whose secret the receiver holds.
      const made = await host.admin<{ secret: string }>('/v1/admin/webhooks/crm-switch', { url: `${receiver.url()}/ok?crm=hubspot`, events: ['lead.qualified', 'lead.converted'], description: 'HubSpot' }, 'PUT');
      const { page, webhooks } = await signedIn();
      const card = webhooks.getByRole('listitem', { name: 'HubSpot' });
      const saved = { id: 'crm-switch', url: `${receiver.url()}/ok?crm=hubspot`, events: ['lead.qualified', 'lead.converted'], description: 'HubSpot', createdAt: expect.any(String) };
      expect(await card.locator('[data-field=state]').textContent()).toBe('Enabled');
      expect(await card.getByRole('button', { name: 'Enable again: HubSpot' }).count()).toBe(0);

      // Act: Disable asks first; Cancel changes nothing.
      await card.getByRole('button', { name: 'Disable: HubSpot' }).click();
      const asked = card.getByRole('group', { name: 'Disable HubSpot?' });
      expect(await asked.textContent()).toContain('events that happen while it is disabled are not sent later');
      await looksOf(page, 'disable-confirm');
      await asked.getByRole('button', { name: 'Cancel' }).click();
      expect((await endpoints()).find((endpoint) => endpoint.id === 'crm-switch')?.enabled).toBe(true);
      await card.getByRole('button', { name: 'Disable: HubSpot' }).click();
      await asked.getByRole('button', { name: 'Disable endpoint' }).click();

      // Assess: disabled in the API and on the card, with the way back at hand.
      await eventually(() => card.locator('[data-field=state]').textContent()).toBe('Disabled');
      expect((await endpoints()).find((endpoint) => endpoint.id === 'crm-switch')).toEqual({ ...saved, enabled: false });
      expect(await card.locator('[data-field=card-notice]').textContent()).toBe('HubSpot is disabled: Winnow sends it no lead events until you enable it again.');
      expect(await card.locator('[data-field=state-note]').textContent()).toBe('Disabled: Winnow sends it no lead events until it is enabled again. A test event still goes.');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Enable again: HubSpot');
      expect(await card.getByRole('button', { name: 'Disable: HubSpot' }).count()).toBe(0);
      await looksOf(page, 'disabled');

      // Prepare: Winnow's own switch-off cannot be waited for (5 days of failures): the list the page reads dates it, for an endpoint the API has disabled.
      const switchedOff = new Date(Date.now() - 3_600_000).toISOString();
      await page.route(/\/v1\/admin\/webhooks$/, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { endpoints: (EndpointView & { disabledAt?: string; failingSince?: string })[] };
        for (const endpoint of body.endpoints) if (!endpoint.enabled) Object.assign(endpoint, { disabledAt: switchedOff, failingSince: new Date(Date.parse(switchedOff) - 5 * 86_400_000).toISOString() });
        await route.fulfill({ response, json: body });
      });
      await page.reload();
      await eventually(() => card.locator('[data-field=state-note]').textContent()).toMatch(/^Winnow switched it off on \d{1,2} \w+ \d{4}, \d{2}:\d{2}: every attempt failed for 5 days\. Fix the receiver, send a test event to check it answers, then enable it again\.$/);
      await looksOf(page, 'switched-off');

      // Act
      await card.getByRole('button', { name: 'Enable again: HubSpot' }).click();

      // Assess: enabled in the API and on the card, nothing else changed, and the way to switch it off again.
      await eventually(() => card.locator('[data-field=state]').textContent()).toBe('Enabled');
      expect((await endpoints()).find((endpoint) => endpoint.id === 'crm-switch')).toEqual({ ...saved, enabled: true });
      expect(await card.locator('[data-field=card-notice]').textContent()).toBe('HubSpot is enabled again: Winnow sends it lead events from now on.');
      expect(await card.locator('[data-field=state-note]').count()).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Disable: HubSpot');
      await looksOf(page, 'enabled-again');
      expectLooksClean('webhooks, disable and enable again');

      // Assess: the secret made with the endpoint still signs what it is sent.
      const before = receiver.received.length;
      await card.getByRole('button', { name: 'Send test event: HubSpot' }).click();
      await eventually(() => receiver.received.length - before, { timeout: 30_000 }).toBe(1);
      const delivery = receiver.received.at(-1);
      expect(delivery?.path).toBe('/ok?crm=hubspot');
      const headers = delivery?.headers ?? {};
      expect(
        new Webhook(made.secret).verify(delivery?.body ?? '', {
          'webhook-id': String(headers['webhook-id']),
          'webhook-timestamp': String(headers['webhook-timestamp']),
          'webhook-signature': String(headers['webhook-signature']),
        }),
      ).toMatchObject({ type: 'webhook.test' });
      await host.admin('/v1/admin/webhooks/crm-switch', undefined, 'DELETE');
    });

    it('sends a test event that the receiver verifies with the secret, shows it delivered in the log, and redelivers it with the same webhook-id', async () => {
      // Prepare
      const { page, webhooks } = await signedIn();
      await webhooks.getByRole('button', { name: 'Add endpoint' }).click();
      const form = webhooks.getByRole('form', { name: 'Add an endpoint' });
      await form.getByLabel('Endpoint URL').fill(`${receiver.url()}/ok?crm=zapier`);
      await form.getByLabel('Description (optional)').fill('Zapier');
      await form.getByRole('button', { name: 'Save endpoint' }).click();
      const secret = (await webhooks.getByRole('region', { name: 'Signing secret for Zapier' }).locator('[data-field=secret]').textContent()) ?? '';
      await webhooks.getByRole('button', { name: 'I have stored it' }).click();
      const card = webhooks.getByRole('listitem', { name: 'Zapier' });
      const before = receiver.received.length;

      // Act
      await card.getByRole('button', { name: 'Send test event: Zapier' }).click();

      // Assess: queued, delivered, verified by the Standard Webhooks library with the secret the page showed.
      await eventually(() => card.locator('[data-field=card-notice]').textContent()).toBe('A test event is queued for Zapier: watch its delivery below.');
      const log = card.getByRole('table', { name: 'Deliveries to Zapier, newest first' });
      await eventually(() => log.locator('[data-status]').first().textContent(), { timeout: 30_000 }).toBe('Delivered');
      const [delivery] = receiver.received.slice(before);
      expect(delivery?.path).toBe('/ok?crm=zapier');
      const headers = delivery?.headers ?? {};
      const verified = new Webhook(secret).verify(delivery?.body ?? '', {
        'webhook-id': String(headers['webhook-id']),
        'webhook-timestamp': String(headers['webhook-timestamp']),
        'webhook-signature': String(headers['webhook-signature']),
      });
      expect(verified).toMatchObject({ type: 'webhook.test', data: { endpointId: expect.any(String) } });
      expect((await rowsOf(log))[0]?.slice(0, 2)).toEqual([expect.stringMatching(/^Test event /), 'Delivered 1 attempt']);
      await looksOf(page, 'test-delivered');

      // Act: redeliver it.
      await log.getByRole('button', { name: /^Redeliver: Test event, / }).first().click();

      // Assess: the receiver gets it again, with the same webhook-id, so it can tell it has it.
      await eventually(() => card.locator('.deliveries .notice').textContent()).toBe('Test event is queued again for Zapier.');
      await eventually(() => receiver.received.length - before, { timeout: 30_000 }).toBe(2);
      expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(headers['webhook-id']);
      await eventually(() => log.locator('[data-status]').first().textContent(), { timeout: 30_000 }).toBe('Delivered');
      await looksOf(page, 'redelivered');

      expectLooksClean('webhooks, test send');
    });
  });
});
