import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { InvalidRequestError, NotFoundError, StateConflictError } from '../../../functions/app/errors.js';
import type { WebhookUrlPolicy } from '../../../functions/app/ports/store.js';
import { deleteEndpoint, getEndpoint, listDeliveries, listEndpoints, putEndpoint, rotateEndpointSecret, type WebhookDependencies } from '../../../functions/app/webhooks.js';
import { activeSecrets, newSecret, type EndpointSettings } from '../../../functions/core/webhooks.js';
import { NOW, aWebhookDelivery, aWebhookEndpoint, daysAgo } from '../../helpers/factories.js';
import { aClock, type Clock } from '../../helpers/http.js';

const DAY_MS = 24 * 3_600_000;

/** Bytes 1, 1, 1 … for the first secret, 2, 2, 2 … for the second: each secret foreseeable. */
const countingBytes = () => {
  let drawn = 0;
  return (size: number) => new Uint8Array(size).fill((drawn += 1));
};
const secretOf = (fill: number) => newSecret(new Uint8Array(32).fill(fill));

/** Resolves nothing: a test that reaches DNS unasked fails. */
const noDns: WebhookUrlPolicy = {
  allowLoopbackHttp: false,
  resolvesToPrivate: async (host) => {
    throw new Error(`asked DNS for ${host}`);
  },
};

/** AWS's rule, with these hosts resolving to private addresses and every other to public ones; `asked` lists each host resolved. */
const awsPolicy = (privateHosts: string[] = []): WebhookUrlPolicy & { asked: string[] } => {
  const asked: string[] = [];
  return {
    allowLoopbackHttp: false,
    asked,
    resolvesToPrivate: async (host) => {
      asked.push(host);
      return privateHosts.includes(host);
    },
  };
};

const aWorld = ({ webhookUrls = awsPolicy(), store = createMemoryStore() }: { webhookUrls?: WebhookUrlPolicy; store?: MemoryStore } = {}) => {
  const clock: Clock = aClock();
  const deps: WebhookDependencies = { store, now: clock.now, randomBytes: countingBytes(), webhookUrls };
  return { deps, store, clock };
};

const SETTINGS: EndpointSettings = { url: 'https://crm.example.com/hooks/winnow', events: ['lead.qualified', 'lead.erased'] };

describe('putEndpoint', () => {
  it('creates an endpoint, enabled, with a secret of 32 random bytes, answered once', async () => {
    // Prepare
    const { deps, store } = aWorld();

    // Act
    const created = await putEndpoint(deps, 'hubspot', { ...SETTINGS, description: 'HubSpot workflow' });

    // Assess
    const shown = { id: 'hubspot', ...SETTINGS, enabled: true, description: 'HubSpot workflow', createdAt: NOW.toISOString() };
    expect(created).toEqual({ ...shown, secret: secretOf(1) });
    expect(created.secret).toBe(`whsec_${Buffer.alloc(32, 1).toString('base64')}`);
    expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...shown, secrets: [{ secret: secretOf(1), createdAt: NOW.toISOString() }], version: 1 });
  });

  it('changes an existing endpoint’s settings, keeping its secrets and answering none', async () => {
    // Prepare
    const { deps, store } = aWorld();
    await putEndpoint(deps, 'hubspot', { ...SETTINGS, description: 'HubSpot workflow', enabled: false });

    // Act
    const updated = await putEndpoint(deps, 'hubspot', { url: 'https://crm.example.com/v2', events: ['lead.converted'] });

    // Assess: a description left out goes; `enabled` left out stays as it was.
    expect(updated).toEqual({ id: 'hubspot', url: 'https://crm.example.com/v2', events: ['lead.converted'], enabled: false, createdAt: NOW.toISOString() });
    expect(updated).not.toHaveProperty('secret');
    expect(await store.getWebhookEndpoint('hubspot')).toMatchObject({ secrets: [{ secret: secretOf(1) }], version: 2 });
  });

  it('counts failures afresh when an endpoint Winnow switched off is switched back on', async () => {
    // Prepare
    const { deps, store } = aWorld();
    await store.saveWebhookEndpoint(aWebhookEndpoint({ enabled: false, failingSince: daysAgo(6).toISOString(), disabledAt: daysAgo(1).toISOString() }), undefined);

    // Act
    await putEndpoint(deps, 'hubspot', { url: aWebhookEndpoint().url, events: aWebhookEndpoint().events, enabled: true });

    // Assess
    expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint(), version: 2 });
  });

  it.each([
    ['http to a public host', 'http://crm.example.com/hook', 'must use https (http is accepted only for 127.0.0.1, ::1 or localhost under npm start)'],
    ['http to loopback outside npm start', 'http://127.0.0.1:4000/', 'must use https: http to a loopback host is accepted only under npm start'],
    ['another scheme', 'ftp://crm.example.com/hook', 'must use https, not ftp'],
    ['a password in the url', 'https://user:secret@crm.example.com/hook', 'must not carry a user name or password: put a token in the path or query instead'],
    ['no url at all', 'crm.example.com/hook', 'must be an absolute URL such as https://crm.example.com/hooks/winnow'],
  ])('refuses %s, naming url, storing nothing and asking no DNS', async (_case, url, message) => {
    // Prepare
    const { deps, store } = aWorld({ webhookUrls: noDns });
    const before = store.snapshot();

    // Act
    const putting = putEndpoint(deps, 'hubspot', { ...SETTINGS, url });

    // Assess
    await expect(putting).rejects.toThrow(InvalidRequestError);
    await expect(putting).rejects.toMatchObject({ issues: [{ path: 'url', message }] });
    expect(store.snapshot()).toEqual(before);
  });

  it('refuses on AWS a host resolving to a private address, and one that does not resolve, storing nothing', async () => {
    // Prepare
    const policy = awsPolicy(['crm.internal.example.com']);
    const { deps, store } = aWorld({ webhookUrls: policy });
    const unresolvable = aWorld({ webhookUrls: { allowLoopbackHttp: false, resolvesToPrivate: async () => Promise.reject(new Error('ENOTFOUND')) } });
    const before = store.snapshot();

    // Act
    const toPrivate = putEndpoint(deps, 'hubspot', { ...SETTINGS, url: 'https://crm.internal.example.com/hook' });
    const toNowhere = putEndpoint(unresolvable.deps, 'hubspot', { ...SETTINGS, url: 'https://nowhere.example.com/hook' });

    // Assess
    await expect(toPrivate).rejects.toMatchObject({ issues: [{ path: 'url', message: 'its host crm.internal.example.com resolves to a private, loopback or link-local address' }] });
    await expect(toNowhere).rejects.toMatchObject({ issues: [{ path: 'url', message: 'its host nowhere.example.com cannot be resolved' }] });
    expect(policy.asked).toEqual(['crm.internal.example.com']);
    expect(store.snapshot()).toEqual(before);
    expect(await unresolvable.store.webhookEndpoints()).toEqual([]);
  });

  it('checks on AWS where the host of a public https url resolves, and accepts it', async () => {
    // Prepare
    const policy = awsPolicy(['crm.internal.example.com']);
    const { deps } = aWorld({ webhookUrls: policy });

    // Act
    const created = await putEndpoint(deps, 'hubspot', SETTINGS);

    // Assess
    expect(created.url).toBe(SETTINGS.url);
    expect(policy.asked).toEqual(['crm.example.com']);
  });

  it('accepts http to 127.0.0.1 under npm start, resolving nothing, and still refuses http elsewhere', async () => {
    // Prepare
    const { deps, store } = aWorld({ webhookUrls: { ...noDns, allowLoopbackHttp: true } });

    // Act
    const local = await putEndpoint(deps, 'local', { ...SETTINGS, url: 'http://127.0.0.1:4000/' });
    const remote = putEndpoint(deps, 'remote', { ...SETTINGS, url: 'http://crm.example.com/hook' });

    // Assess
    expect(local.url).toBe('http://127.0.0.1:4000/');
    await expect(remote).rejects.toMatchObject({ issues: [{ path: 'url' }] });
    expect((await store.webhookEndpoints()).map(({ id }) => id)).toEqual(['local']);
  });

  it('answers a conflict, never a second secret, when another request creates the endpoint meanwhile', async () => {
    // Prepare: this request read before the other one's write landed.
    const store = createMemoryStore();
    await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    let reads = 0;
    const stale = Object.assign(Object.create(store) as MemoryStore, { getWebhookEndpoint: async (id: string) => ((reads += 1) === 1 ? undefined : store.getWebhookEndpoint(id)) });
    const { deps } = aWorld({ store: stale });

    // Act
    const putting = putEndpoint(deps, 'hubspot', SETTINGS);

    // Assess: not read again and saved as a change, which would answer 200 and no secret.
    await expect(putting).rejects.toThrow(StateConflictError);
    expect(reads).toBe(1);
    expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint(), version: 1 });
  });

  it('reads again and saves when a change lands between its read and its write', async () => {
    // Prepare: the first read is of version 1, stale by the time it writes.
    const store = createMemoryStore();
    await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    await store.saveWebhookEndpoint(aWebhookEndpoint({ failingSince: NOW.toISOString() }), 1);
    let reads = 0;
    const racing = Object.assign(Object.create(store) as MemoryStore, {
      getWebhookEndpoint: async (id: string) => ((reads += 1) === 1 ? { ...aWebhookEndpoint(), version: 1 } : store.getWebhookEndpoint(id)),
    });
    const { deps } = aWorld({ store: racing });

    // Act
    await putEndpoint(deps, 'hubspot', { ...SETTINGS, events: ['lead.converted'] });

    // Assess
    expect(reads).toBe(2);
    expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint({ events: ['lead.converted'], failingSince: NOW.toISOString() }), version: 3 });
  });

  it('answers a conflict when every save loses its race', async () => {
    // Prepare
    const store = createMemoryStore();
    await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
    const stale = Object.assign(Object.create(store) as MemoryStore, { getWebhookEndpoint: async () => ({ ...aWebhookEndpoint(), version: 7 }) });
    const { deps } = aWorld({ store: stale });

    // Act
    const putting = putEndpoint(deps, 'hubspot', { ...SETTINGS, events: ['lead.converted'] });

    // Assess
    await expect(putting).rejects.toThrow(new StateConflictError('webhook endpoint hubspot changed while it was being saved; send the request again'));
    expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint(), version: 1 });
  });
});

describe('getEndpoint and listEndpoints', () => {
  it('show every endpoint by id, without its secrets or version', async () => {
    // Prepare
    const { deps } = aWorld();
    await putEndpoint(deps, 'zapier', SETTINGS);
    await putEndpoint(deps, 'hubspot', { ...SETTINGS, enabled: false });
    const { secrets: _secrets, ...hubspot } = aWebhookEndpoint({ ...SETTINGS, enabled: false, createdAt: NOW.toISOString() });

    // Act
    const one = await getEndpoint(deps, 'hubspot');
    const all = await listEndpoints(deps);

    // Assess
    expect(one).toEqual(hubspot);
    expect(all).toEqual({ endpoints: [hubspot, { ...hubspot, id: 'zapier', enabled: true }] });
    expect(JSON.stringify(all)).not.toContain('whsec_');
  });

  it('answers NotFoundError for an endpoint never created', async () => {
    await expect(getEndpoint(aWorld().deps, 'hubspot')).rejects.toThrow(new NotFoundError('no webhook endpoint "hubspot"'));
  });
});

describe('rotateEndpointSecret', () => {
  it('answers a new secret that signs from now on, the previous one signing too for 24 h', async () => {
    // Prepare
    const { deps, store, clock } = aWorld();
    await putEndpoint(deps, 'hubspot', SETTINGS);
    const rotatedAt = clock.advance(3_600_000);

    // Act
    const rotated = await rotateEndpointSecret(deps, 'hubspot');

    // Assess
    const expiresAt = new Date(rotatedAt.getTime() + DAY_MS);
    expect(rotated).toEqual({ id: 'hubspot', secret: secretOf(2), previousSecretExpiresAt: expiresAt.toISOString() });
    const endpoint = await store.getWebhookEndpoint('hubspot');
    if (!endpoint) throw new Error('the endpoint is gone');
    expect(activeSecrets(endpoint, rotatedAt)).toEqual([secretOf(2), secretOf(1)]);
    expect(activeSecrets(endpoint, new Date(expiresAt.getTime() - 1))).toEqual([secretOf(2), secretOf(1)]);
    expect(activeSecrets(endpoint, expiresAt)).toEqual([secretOf(2)]);
  });

  it('answers NotFoundError for an endpoint never created, storing nothing', async () => {
    // Prepare
    const { deps, store } = aWorld();

    // Act
    const rotating = rotateEndpointSecret(deps, 'hubspot');

    // Assess
    await expect(rotating).rejects.toThrow(NotFoundError);
    expect(await store.webhookEndpoints()).toEqual([]);
  });
});

describe('deleteEndpoint', () => {
  it('deletes the endpoint and its deliveries log', async () => {
    // Prepare
    const { deps, store } = aWorld();
    await putEndpoint(deps, 'hubspot', SETTINGS);
    await store.createWebhookDelivery(aWebhookDelivery());

    // Act
    await deleteEndpoint(deps, 'hubspot');

    // Assess
    expect(await store.webhookEndpoints()).toEqual([]);
    expect(await store.getWebhookDelivery('hubspot', aWebhookDelivery().deliveryId)).toBeUndefined();
  });

  it('answers NotFoundError for an endpoint never created', async () => {
    await expect(deleteEndpoint(aWorld().deps, 'hubspot')).rejects.toThrow(new NotFoundError('no webhook endpoint "hubspot"'));
  });
});

describe('listDeliveries', () => {
  it('shows an endpoint’s deliveries newest first, by webhook-id, without their bodies, a page at a time', async () => {
    // Prepare
    const { deps, store } = aWorld();
    await putEndpoint(deps, 'hubspot', SETTINGS);
    const { nextAttemptAt: _none, ...older } = aWebhookDelivery({ deliveryId: 'msg_older', createdAt: daysAgo(1).toISOString(), status: 'failed', attempts: 8, lastStatus: 500, lastError: 'answered 500' });
    await store.createWebhookDelivery(older);
    await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_newer' }));

    // Act
    const first = await listDeliveries(deps, 'hubspot', 1);
    const second = await listDeliveries(deps, 'hubspot', 1, first.cursor);

    // Assess
    expect(first.deliveries).toEqual([{ id: 'msg_newer', leadId: 'lead_a', type: 'lead.qualified', status: 'pending', attempts: 0, nextAttemptAt: NOW.toISOString(), createdAt: NOW.toISOString() }]);
    expect(second).toEqual({
      deliveries: [{ id: 'msg_older', leadId: 'lead_a', type: 'lead.qualified', status: 'failed', attempts: 8, lastStatus: 500, lastError: 'answered 500', createdAt: daysAgo(1).toISOString() }],
    });
  });

  it('refuses a cursor it did not hand out, naming cursor', async () => {
    // Prepare
    const { deps } = aWorld();
    await putEndpoint(deps, 'hubspot', SETTINGS);

    // Act
    const listing = listDeliveries(deps, 'hubspot', 10, 'bm90IGEgY3Vyc29y');

    // Assess
    await expect(listing).rejects.toThrow(InvalidRequestError);
    await expect(listing).rejects.toMatchObject({ issues: [{ path: 'cursor' }] });
  });

  it('answers NotFoundError for an endpoint never created', async () => {
    await expect(listDeliveries(aWorld().deps, 'hubspot', 10)).rejects.toThrow(NotFoundError);
  });
});
