import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Lookup } from '../../functions/adapters/webhook-sender.js';
import { activeSecrets } from '../../functions/core/webhooks.js';
import { webhookUrlPolicy } from '../../functions/http/dependencies.js';
import { NOW, aWebhookDelivery } from '../helpers/factories.js';
import { adminHeaders, apiClient, errorOf, issuePaths, objectOf, testConfig, uniqueIds, type ApiClient, type ApiResponse } from '../helpers/http.js';
import { startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const DAY_MS = 24 * 3_600_000;

/** SPEC: `whsec_` + base64 of 32 random bytes. */
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

const SETTINGS = { url: 'https://crm.example.com/hooks/winnow', events: ['lead.qualified', 'lead.erased'] };

const remove = (http: ApiClient, path: string, headers = adminHeaders()) => http.send('DELETE', path, { headers });

/** The secret a 2xx answered; fails the test when it answered none. */
const secretOf = (response: ApiResponse): string => {
  const { secret } = objectOf(response);
  if (typeof secret !== 'string') throw new Error(`no secret in ${JSON.stringify(response.body)}`);
  return secret;
};

describe('webhook endpoints through the admin API (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
  });

  afterEach(() => {
    stack.clock.set(NOW);
  });

  afterAll(async () => {
    await stack.close();
  });

  const anEndpointId = () => ids.id('crm');

  /** The secrets stored for an endpoint that sign a delivery now. */
  const signingNow = async (id: string): Promise<string[]> => {
    const endpoint = await stack.deps.store.getWebhookEndpoint(id);
    if (!endpoint) throw new Error(`endpoint ${id} is not stored`);
    return activeSecrets(endpoint, stack.clock.now());
  };

  it('creates an endpoint and answers its secret once: whsec_ and the base64 of 32 random bytes, which signs from now on', async () => {
    // Prepare
    const id = anEndpointId();

    // Act
    const response = await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS);

    // Assess
    expect(response.status).toBe(200);
    const secret = secretOf(response);
    expect(response.body).toEqual({ id, ...SETTINGS, enabled: true, createdAt: NOW.toISOString(), secret });
    expect(secret).toMatch(SECRET);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(await signingNow(id)).toEqual([secret]);
    expect((await stack.dumpTable()).filter((item) => item.PK === 'WEBHOOKS' && item.SK === `ENDPOINT#${id}`)).toHaveLength(1);
  });

  it('never shows a secret again: not to a second PUT, a GET or the list', async () => {
    // Prepare
    const id = anEndpointId();
    const secret = secretOf(await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS));

    // Act
    const updated = await stack.http.admin.put(`/v1/admin/webhooks/${id}`, { ...SETTINGS, events: ['lead.converted'], description: 'Salesforce flow' });
    const read = await stack.http.admin.get(`/v1/admin/webhooks/${id}`);
    const listed = await stack.http.admin.get('/v1/admin/webhooks');

    // Assess
    const shown = { id, url: SETTINGS.url, events: ['lead.converted'], enabled: true, description: 'Salesforce flow', createdAt: NOW.toISOString() };
    expect([updated.status, read.status, listed.status]).toEqual([200, 200, 200]);
    expect(updated.body).toEqual(shown);
    expect(read.body).toEqual(shown);
    expect(objectOf(listed).endpoints).toEqual(expect.arrayContaining([shown]));
    for (const response of [updated, read, listed]) expect(JSON.stringify(response.body)).not.toMatch(/whsec_|secret/);
    expect(await signingNow(id)).toEqual([secret]);
  });

  it('rotates a secret: answers the new one, and both sign for 24 hours, then the new one alone', async () => {
    // Prepare
    const id = anEndpointId();
    const old = secretOf(await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS));
    const rotatedAt = stack.clock.advance(3_600_000);

    // Act
    const response = await stack.http.admin.post(`/v1/admin/webhooks/${id}/rotate-secret`, undefined);

    // Assess
    expect(response.status).toBe(200);
    const secret = secretOf(response);
    expect(response.body).toEqual({ id, secret, previousSecretExpiresAt: new Date(rotatedAt.getTime() + DAY_MS).toISOString() });
    expect(secret).toMatch(SECRET);
    expect(secret).not.toBe(old);
    expect(await signingNow(id)).toEqual([secret, old]);
    stack.clock.advance(DAY_MS - 1);
    expect(await signingNow(id)).toEqual([secret, old]);
    stack.clock.advance(1);
    expect(await signingNow(id)).toEqual([secret]);
    expect(JSON.stringify((await stack.http.admin.get(`/v1/admin/webhooks/${id}`)).body)).not.toContain('whsec_');
  });

  it('deletes an endpoint and its deliveries log; the endpoint is then unknown to every route', async () => {
    // Prepare
    const id = anEndpointId();
    await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS);
    await stack.deps.store.createWebhookDelivery(aWebhookDelivery({ endpointId: id }));

    // Act
    const deleted = await remove(stack.http, `/v1/admin/webhooks/${id}`);

    // Assess
    expect(deleted.status).toBe(204);
    expect((await stack.dumpTable()).filter((item) => String(item.SK).endsWith(`#${id}`) || item.PK === `WEBHOOK#${id}`)).toEqual([]);
    const after = [
      await stack.http.admin.get(`/v1/admin/webhooks/${id}`),
      await remove(stack.http, `/v1/admin/webhooks/${id}`),
      await stack.http.admin.post(`/v1/admin/webhooks/${id}/rotate-secret`, undefined),
      await stack.http.admin.get(`/v1/admin/webhooks/${id}/deliveries`),
    ];
    expect(after.map(({ status }) => status)).toEqual([404, 404, 404, 404]);
    expect(after.map((response) => errorOf(response).code)).toEqual(['not_found', 'not_found', 'not_found', 'not_found']);
    expect(objectOf(await stack.http.admin.get('/v1/admin/webhooks')).endpoints).not.toContainEqual(expect.objectContaining({ id }));
  });

  it('answers 404 for an endpoint never created, storing nothing', async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const responses = [
      await stack.http.admin.get('/v1/admin/webhooks/never'),
      await remove(stack.http, '/v1/admin/webhooks/never'),
      await stack.http.admin.post('/v1/admin/webhooks/never/rotate-secret', undefined),
      await stack.http.admin.get('/v1/admin/webhooks/never/deliveries'),
    ];

    // Assess
    expect(responses.map(({ status }) => status)).toEqual([404, 404, 404, 404]);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('lists an endpoint’s deliveries newest first, a page at a time, without their bodies', async () => {
    // Prepare
    const id = anEndpointId();
    await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS);
    const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
    for (const i of [0, 1, 2]) await stack.deps.store.createWebhookDelivery(aWebhookDelivery({ endpointId: id, deliveryId: `msg_${id}_${i}`, createdAt: later(i) }));

    // Act
    const first = await stack.http.admin.get(`/v1/admin/webhooks/${id}/deliveries?limit=2`);
    const second = await stack.http.admin.get(`/v1/admin/webhooks/${id}/deliveries`, { query: { limit: '2', cursor: String(objectOf(first).cursor) } });

    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(objectOf(first).deliveries).toEqual([2, 1].map((i) => ({ id: `msg_${id}_${i}`, leadId: 'lead_a', type: 'lead.qualified', status: 'pending', attempts: 0, nextAttemptAt: NOW.toISOString(), createdAt: later(i) })));
    expect(second.body).toEqual({ deliveries: [{ id: `msg_${id}_0`, leadId: 'lead_a', type: 'lead.qualified', status: 'pending', attempts: 0, nextAttemptAt: NOW.toISOString(), createdAt: later(0) }] });
  });

  it('refuses a cursor it did not hand out, naming cursor', async () => {
    // Prepare
    const id = anEndpointId();
    await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS);

    // Act
    const response = await stack.http.admin.get(`/v1/admin/webhooks/${id}/deliveries`, { query: { cursor: 'bm90IGEgY3Vyc29y' } });

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['cursor']);
  });

  describe('which URLs may receive', () => {
    it.each([
      ['http to a public host', 'http://crm.example.com/hooks/winnow'],
      ['http to 127.0.0.1 outside npm start', 'http://127.0.0.1:4000/'],
      ['https to the metadata service', 'https://169.254.169.254/latest/meta-data/'],
      ['https to an IPv6 loopback', 'https://[::1]/hook'],
    ])('refuses %s with 400 naming url, storing nothing', async (_case, url) => {
      // Prepare
      const before = await stack.dumpTable();

      // Act
      const response = await stack.http.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, { ...SETTINGS, url });

      // Assess
      expect(response.status).toBe(400);
      expect(issuePaths(response)).toEqual(['url']);
      expect(await stack.dumpTable()).toEqual(before);
    });

    it('accepts http://127.0.0.1 when WINNOW_WEBHOOKS_ALLOW_LOOPBACK is true, as npm start sets it, and not when it is false', async () => {
      // Prepare
      const underNpmStart = apiClient(stack.apiWith({ webhookUrls: webhookUrlPolicy(testConfig({ WINNOW_WEBHOOKS_ALLOW_LOOPBACK: 'true' })) }));
      const flagOff = apiClient(stack.apiWith({ webhookUrls: webhookUrlPolicy(testConfig({ WINNOW_WEBHOOKS_ALLOW_LOOPBACK: 'false' })) }));
      const local = { ...SETTINGS, url: 'http://127.0.0.1:4000/' };

      // Act
      const refused = await flagOff.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, local);
      const accepted = await underNpmStart.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, local);
      const stillHttps = await underNpmStart.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, { ...SETTINGS, url: 'http://crm.example.com/hooks/winnow' });

      // Assess
      expect(refused.status).toBe(400);
      expect(issuePaths(refused)).toEqual(['url']);
      expect(accepted.status).toBe(200);
      expect(objectOf(accepted)).toMatchObject({ url: 'http://127.0.0.1:4000/', enabled: true });
      expect(stillHttps.status).toBe(400);
    });

    it('refuses a host the resolver finds at a private address, and accepts one it finds at a public address', async () => {
      // Prepare
      const resolved = new Map([
        ['crm.internal.example.com', '10.0.0.5'],
        ['crm.example.com', '203.0.113.7'],
      ]);
      const asked: string[] = [];
      const lookup: Lookup = async (host) => {
        asked.push(host);
        return [{ address: resolved.get(host) ?? '0.0.0.0', family: 4 }];
      };
      const http = apiClient(stack.apiWith({ webhookUrls: webhookUrlPolicy(stack.config, lookup) }));
      const before = await stack.dumpTable();

      // Act
      const refused = await http.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, { ...SETTINGS, url: 'https://crm.internal.example.com/hook' });
      const afterRefusal = await stack.dumpTable();
      const accepted = await http.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, SETTINGS);

      // Assess
      expect(refused.status).toBe(400);
      expect(errorOf(refused).issues).toEqual([{ path: 'url', message: 'its host crm.internal.example.com resolves to a private, loopback or link-local address' }]);
      expect(afterRefusal).toEqual(before);
      expect(accepted.status).toBe(200);
      expect(asked).toEqual(['crm.internal.example.com', 'crm.example.com']);
    });
  });

  it('answers 401 to every webhook route without the admin token, storing nothing and showing no secret', async () => {
    // Prepare
    const id = anEndpointId();
    await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS);
    const before = await stack.dumpTable();
    const http = stack.http;

    // Act
    const responses = [
      await http.put(`/v1/admin/webhooks/${anEndpointId()}`, SETTINGS),
      await http.put(`/v1/admin/webhooks/${id}`, { ...SETTINGS, enabled: false }, { headers: adminHeaders('an-incorrect-token-of-some-length') }),
      await http.get('/v1/admin/webhooks'),
      await http.get(`/v1/admin/webhooks/${id}`),
      await http.send('DELETE', `/v1/admin/webhooks/${id}`),
      await http.post(`/v1/admin/webhooks/${id}/rotate-secret`, undefined),
      await http.get(`/v1/admin/webhooks/${id}/deliveries`),
    ];

    // Assess
    expect(responses.map(({ status }) => status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(responses.map((response) => errorOf(response).code)).toEqual(Array(7).fill('unauthorized'));
    expect(await stack.dumpTable()).toEqual(before);
  });

  it.each([
    ['no url', { events: SETTINGS.events }, ['url']],
    ['no events', { url: SETTINGS.url, events: [] }, ['events']],
    ['an unknown event type', { ...SETTINGS, events: ['lead.qualified', 'lead.vanished'] }, ['events.1']],
    ['an event type twice', { ...SETTINGS, events: ['lead.erased', 'lead.erased'] }, ['events']],
    ['a secret of its own', { ...SETTINGS, secret: 'whsec_bWluZQ==' }, ['secret']],
    ['enabled as a string', { ...SETTINGS, enabled: 'yes' }, ['enabled']],
  ])('refuses a body with %s, naming the field, and changes nothing stored', async (_case, body, paths) => {
    // Prepare
    const id = anEndpointId();
    await stack.http.admin.put(`/v1/admin/webhooks/${id}`, SETTINGS);
    const before = await stack.dumpTable();

    // Act
    const onExisting = await stack.http.admin.put(`/v1/admin/webhooks/${id}`, body);
    const onNew = await stack.http.admin.put(`/v1/admin/webhooks/${anEndpointId()}`, body);

    // Assess
    expect([onExisting.status, onNew.status]).toEqual([400, 400]);
    expect(issuePaths(onExisting)).toEqual(paths);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('refuses an endpoint id that is not one, naming id', async () => {
    // Act
    const response = await stack.http.admin.put('/v1/admin/webhooks/Not%20An%20Id', SETTINGS);

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['id']);
  });
});
