import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, pinnedLookup, postPinned, signDelivery, type DeliveryMessage, type Lookup } from '../../../functions/adapters/webhook-sender.js';
import { newSecret, webhookBody, webhookTestData } from '../../../functions/core/webhooks.js';

interface Received {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** A receiver on a free loopback port that records each request and answers with `answer` (or never, when it does nothing). */
const aReceiver = async (answer: (response: ServerResponse) => void = (response) => response.writeHead(204).end()) => {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(response);
    });
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/winnow`, port, received };
};

const aSecret = (): string => newSecret(randomBytes(32));

/** A test event signed now: receivers refuse a webhook-timestamp more than 5 minutes from their own clock. */
const aMessage = (overrides: Partial<DeliveryMessage> = {}): DeliveryMessage => ({
  id: `msg_${randomBytes(8).toString('hex')}`,
  timestamp: new Date(),
  body: JSON.stringify(webhookBody('webhook.test', new Date().toISOString(), webhookTestData('hubspot'))),
  secrets: [aSecret()],
  ...overrides,
});

/** The Standard Webhooks signature computed without the library: HMAC-SHA256 of `id.timestamp.body` with the secret's bytes. */
const independentSignature = (secret: string, id: string, timestamp: string, body: string): string =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64')}`;

const headersOf = (received: Received | undefined): Record<string, string> => ({
  'webhook-id': String(received?.headers['webhook-id']),
  'webhook-timestamp': String(received?.headers['webhook-timestamp']),
  'webhook-signature': String(received?.headers['webhook-signature']),
});

const lookupOf =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('deliver', () => {
  it('POSTs the body with the Standard Webhooks headers, verifiable by the standardwebhooks library and by a plain HMAC', async () => {
    // Prepare
    const receiver = await aReceiver();
    const message = aMessage();
    const [secret = ''] = message.secrets;

    // Act
    const result = await deliver(receiver.url, message);

    // Assess
    expect(result).toEqual({ ok: true, status: 204 });
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe(message.body);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['webhook-id']).toBe(message.id);
    expect(request?.headers['webhook-timestamp']).toBe(String(Math.floor(message.timestamp.getTime() / 1000)));
    expect(new Webhook(secret).verify(request?.body ?? '', headersOf(request))).toEqual(JSON.parse(message.body));
    expect(request?.headers['webhook-signature']).toBe(independentSignature(secret, message.id, String(request?.headers['webhook-timestamp']), message.body));
  });

  it('signs with both secrets during a rotation, so a receiver holding either one verifies', async () => {
    // Prepare
    const receiver = await aReceiver();
    const [fresh, old] = [aSecret(), aSecret()];
    const message = aMessage({ secrets: [fresh, old] });

    // Act
    await deliver(receiver.url, message);

    // Assess
    const [request] = receiver.received;
    const timestamp = String(request?.headers['webhook-timestamp']);
    expect(String(request?.headers['webhook-signature']).split(' ')).toEqual([
      independentSignature(fresh, message.id, timestamp, message.body),
      independentSignature(old, message.id, timestamp, message.body),
    ]);
    expect(() => new Webhook(fresh).verify(message.body, headersOf(request))).not.toThrow();
    expect(() => new Webhook(old).verify(message.body, headersOf(request))).not.toThrow();
    expect(() => new Webhook(aSecret()).verify(message.body, headersOf(request))).toThrow(/No matching signature/);
  });

  it('sends a signature that fails verification once the body is changed', async () => {
    // Prepare
    const receiver = await aReceiver();
    const message = aMessage();

    // Act
    await deliver(receiver.url, message);

    // Assess
    const [request] = receiver.received;
    expect(() => new Webhook(message.secrets[0] ?? '').verify(message.body.replace('hubspot', 'someone-else'), headersOf(request))).toThrow(/No matching signature/);
  });

  it('keeps the webhook-id of a retry and signs it at the retry’s own time', async () => {
    // Prepare
    const receiver = await aReceiver();
    const first = aMessage({ timestamp: new Date(Date.now() - 60_000) });

    // Act
    await deliver(receiver.url, first);
    await deliver(receiver.url, { ...first, timestamp: new Date() });

    // Assess
    const [one, two] = receiver.received;
    expect(two?.headers['webhook-id']).toBe(one?.headers['webhook-id']);
    expect(Number(two?.headers['webhook-timestamp'])).toBeGreaterThan(Number(one?.headers['webhook-timestamp']));
    expect(two?.headers['webhook-signature']).not.toBe(one?.headers['webhook-signature']);
  });

  it('answers ok false with the status and what the receiver said when it answers 500', async () => {
    // Prepare
    const receiver = await aReceiver((response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('database down'));

    // Act
    const result = await deliver(receiver.url, aMessage());

    // Assess
    expect(result).toEqual({ ok: false, status: 500, error: 'answered 500: database down' });
  });

  it('does not follow a redirect, which could lead past the address check', async () => {
    // Prepare
    const target = await aReceiver();
    const receiver = await aReceiver((response) => response.writeHead(307, { location: target.url }).end());

    // Act
    const result = await deliver(receiver.url, aMessage());

    // Assess
    expect(result).toMatchObject({ ok: false, status: 307 });
    expect(target.received).toEqual([]);
  });

  it('answers a timeout error, without throwing, when the receiver never answers', async () => {
    // Prepare
    const receiver = await aReceiver(() => undefined);

    // Act
    const result = await deliver(receiver.url, aMessage(), { timeoutMs: 200 });

    // Assess
    expect(result).toEqual({ ok: false, error: 'no answer within 200 ms' });
    expect(receiver.received).toHaveLength(1);
  });

  it('answers an error, without throwing, when nothing listens', async () => {
    // Prepare: a port that was free a moment ago.
    const receiver = await aReceiver();
    const server = servers.pop();
    await new Promise((done) => server?.close(done));

    // Act
    const result = await deliver(receiver.url, aMessage());

    // Assess
    expect(result.ok).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses, without sending, a host that resolves to a private address when asked to check', async () => {
    // Prepare
    const sent: string[] = [];
    const fetchSpy = (async (url: string | URL | Request) => {
      sent.push(String(url));
      return new Response(null, { status: 204 });
    }) as typeof fetch;

    // Act
    const metadata = await deliver('https://hooks.example.com/x', aMessage(), { fetch: fetchSpy, resolve: lookupOf('93.184.215.14', '169.254.169.254') });
    const unknown = await deliver('https://nowhere.example.com/x', aMessage(), { fetch: fetchSpy, resolve: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND nowhere.example.com')) });
    const publicHost = await deliver('https://crm.example.com/x', aMessage(), { fetch: fetchSpy, resolve: lookupOf('93.184.215.14') });

    // Assess
    expect(metadata).toEqual({ ok: false, error: 'refused: hooks.example.com resolves to a private, loopback or link-local address' });
    expect(unknown).toEqual({ ok: false, error: 'cannot resolve nowhere.example.com: getaddrinfo ENOTFOUND nowhere.example.com' });
    expect(publicHost).toEqual({ ok: true, status: 204 });
    expect(sent).toEqual(['https://crm.example.com/x']);
  });

  it('throws, rather than reporting a failed attempt, for a delivery with no secret to sign with', async () => {
    // Act & Assess
    await expect(deliver('https://crm.example.com/x', aMessage({ secrets: [] }))).rejects.toThrow(/no active secret/);
  });
});

describe('signDelivery', () => {
  it('signs id.timestamp.body once per secret, space-separated', () => {
    // Prepare
    const [a, b] = [aSecret(), aSecret()];
    const message = aMessage({ secrets: [a, b], timestamp: new Date('2025-03-01T12:00:00.900Z') });

    // Act
    const header = signDelivery(message);

    // Assess: Standard Webhooks signs whole seconds.
    expect(header).toBe([independentSignature(a, message.id, '1740830400', message.body), independentSignature(b, message.id, '1740830400', message.body)].join(' '));
  });
});

describe('the connection after the SSRF check (DNS rebinding)', () => {
  it('goes to the checked address, never asking DNS again: a name nothing resolves still reaches the receiver', async () => {
    // Prepare: `.invalid` never resolves, so only the pinned address can carry the request.
    const receiver = await aReceiver((response) => response.writeHead(202).end('queued'));

    // Act
    const answer = await postPinned(
      `http://crm.invalid:${receiver.port}/hooks/winnow`,
      { headers: { 'content-type': 'application/json', 'webhook-id': 'msg_pinned' }, body: '{"type":"webhook.test"}', timeoutMs: 2_000 },
      [{ address: '127.0.0.1', family: 4 }],
    );

    // Assess
    expect(answer.status).toBe(202);
    expect(await answer.text()).toBe('queued');
    expect(receiver.received).toEqual([expect.objectContaining({ method: 'POST', body: '{"type":"webhook.test"}', headers: expect.objectContaining({ host: `crm.invalid:${receiver.port}`, 'webhook-id': 'msg_pinned' }) })]);
  });

  it('answers only the checked addresses, one or all as the socket asks, whatever name it is given', () => {
    const lookup = pinnedLookup([{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }]);
    const answers: unknown[][] = [];

    lookup('evil.example.com', { all: true }, (...args: unknown[]) => answers.push(args));
    lookup('evil.example.com', {}, (...args: unknown[]) => answers.push(args));

    expect(answers).toEqual([
      [null, [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }]],
      [null, '93.184.215.14', 4],
    ]);
  });

  it('gives up on a receiver that drips its answer past the deadline', async () => {
    // Prepare: headers at once, then a body that never ends.
    const receiver = await aReceiver((response) => {
      response.writeHead(500);
      response.write('x');
    });

    // Act
    const answer = await postPinned(`http://127.0.0.1:${receiver.port}/x`, { headers: {}, body: '{}', timeoutMs: 300 }, [{ address: '127.0.0.1', family: 4 }]);

    // Assess
    expect(answer.status).toBe(500);
    await expect(answer.text()).rejects.toThrow(/timed out|aborted/);
  });
});
