import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, removeDir, requestDemo, spawnHost, tempDir, waitFor, waitUntilReady, type HostProcess } from './helpers/local-host-process.js';

const ADMIN_TOKEN = 'e2e-webhook-crash-token-0123456789';

interface DeliveryView {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastError?: string;
}

/** A receiver on a port chosen now but opened only when asked: until then every attempt is refused. */
const aReceiverOn = (port: number) => {
  const got: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  let server: Server | undefined;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    got,
    open: async () => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          got.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered: 204 });
          response.writeHead(204).end();
        });
      });
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    close: async () => {
      if (!server?.listening) return;
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

describe('npm start killed (-9) between the lifecycle write and the webhook delivery', { timeout: 240_000 }, () => {
  let dataDir: string;
  let receiver: ReturnType<typeof aReceiverOn>;
  const hosts: HostProcess[] = [];

  beforeAll(async () => {
    dataDir = await tempDir('webhooks-crash');
    receiver = aReceiverOn(await freePort());
  });

  afterAll(async () => {
    for (const host of hosts) host.kill();
    await Promise.all(hosts.map((host) => host.exited));
    await receiver.close();
    await removeDir(dataDir);
  });

  const start = async (): Promise<HostProcess> => {
    const host = spawnHost({ port: await freePort(), dataDir, env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN, WINNOW_SES_PORT: '0', POWERTOOLS_LOG_LEVEL: 'INFO' } });
    hosts.push(host);
    await waitUntilReady(host);
    return host;
  };
  const admin = (host: HostProcess, method: string, path: string, body?: unknown) =>
    fetch(`${host.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const qualifiedDeliveries = async (host: HostProcess): Promise<DeliveryView[]> => {
    const log = (await (await admin(host, 'GET', '/v1/admin/webhooks/crm/deliveries')).json()) as { deliveries: DeliveryView[] };
    return log.deliveries.filter((delivery) => delivery.type === 'lead.qualified');
  };

  it('delivers lead.qualified exactly once after the restart, under the webhook-id stored before the kill', async () => {
    // Prepare: an endpoint whose receiver is down, so the stored delivery waits on its retry when the host dies.
    const first = await start();
    expect((await admin(first, 'PUT', '/v1/admin/webhooks/crm', { url: receiver.url, events: ['lead.qualified'] })).status).toBe(200);
    const next = (await (await fetch(`${first.baseUrl}/v1/forms/demo-request/next`)).json()) as { leadId: string };
    expect((await requestDemo(first.baseUrl, next.leadId, `hook.${randomUUID().slice(0, 8)}@acme.example`)).status).toBe(202);
    const [stored] = await waitFor(first, 'the lead.qualified delivery to fail its first attempt', async () => {
      const deliveries = await qualifiedDeliveries(first);
      // The claim counts the attempt before it is made; the error is stored only once it was made. Killing
      // the host in between would leave the claim's 60 s lease to run out first, which is not this test's case.
      return deliveries.some((delivery) => delivery.lastError !== undefined) ? deliveries : undefined;
    });

    // Act: kill -9 (the local queue, and the retry queued on it, die with the host), open the receiver, start again.
    first.kill();
    await first.exited;
    await receiver.open();
    const second = await start();
    const delivered = await waitFor(
      second,
      'the delivery to be delivered after the restart',
      async () => {
        const deliveries = await qualifiedDeliveries(second);
        return deliveries.some((delivery) => delivery.status === 'delivered') ? deliveries : undefined;
      },
      // A sweep every 15 s, and room for a host slowed down by the rest of the suite.
      90_000,
    );

    // Assess
    expect(stored?.status).toBe('pending');
    expect(delivered).toEqual([expect.objectContaining({ id: stored?.id, status: 'delivered' })]);
    const qualified = receiver.got.filter(({ body }) => (JSON.parse(body) as { type: string }).type === 'lead.qualified');
    expect(qualified.map(({ headers }) => headers['webhook-id'])).toEqual([stored?.id]);
    expect(JSON.parse(qualified[0]?.body ?? '{}')).toMatchObject({ type: 'lead.qualified', data: { leadId: next.leadId } });
  });
});
