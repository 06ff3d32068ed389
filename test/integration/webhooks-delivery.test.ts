import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliver, type DeliverOptions } from '../../functions/adapters/webhook-sender.js';
import { sqsWebhookQueue } from '../../functions/adapters/webhook-queue.js';
import type { WebhookQueue } from '../../functions/app/ports/webhooks.js';
import { sweepDueDeliveries, type WebhookDeliveryDependencies } from '../../functions/app/webhook-delivery.js';
import { newSecret, type WebhookEndpoint } from '../../functions/core/webhooks.js';
import { createWebhookDeliverer } from '../../functions/workers/webhook-deliverer.js';
import { clientConfig, ensureQueues } from '../../infra/local/servers.js';
import { lambdaContext, objectOf, uniqueIds, type Api } from '../helpers/http.js';
import { apiClient } from '../helpers/http.js';
import { publishDefaults, sqsEvent, startLocalStack, submitGradeALead, type LocalStack } from '../helpers/local-stack.js';

/** What a receiver got: the headers and the raw body, byte for byte as signed. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback that answers each request with the next status of `script` (`hang`: never answers). */
const startReceiver = async () => {
  const got: Received[] = [];
  let script: (number | 'hang')[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      got.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = script.length > 1 ? script.shift() : script[0];
      if (answer === 'hang' || answer === undefined) return;
      response.writeHead(answer).end(answer >= 300 ? 'receiver says no' : '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    got,
    answer: (...statuses: (number | 'hang')[]) => {
      script = statuses;
      got.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

/** The independent check: HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's base64 part, against each `v1,` signature. */
const hmacMatches = (secret: string, { headers, body }: Received): boolean => {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`).digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
};

const verified = (secret: string, received: Received): unknown =>
  new Webhook(secret).verify(received.body, {
    'webhook-id': String(received.headers['webhook-id']),
    'webhook-timestamp': String(received.headers['webhook-timestamp']),
    'webhook-signature': String(received.headers['webhook-signature']),
  });

describe('webhook deliveries through the local queue to a loopback receiver', () => {
  let stack: LocalStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sqs: SQSClient;
  let queueUrl: string;
  let webhookQueue: WebhookQueue;
  let api: Api;
  const ids = uniqueIds();
  let sendOptions: DeliverOptions = {};

  beforeAll(async () => {
    stack = await startLocalStack();
    receiver = await startReceiver();
    const endpoint = stack.config.WINNOW_SQS_ENDPOINT ?? '';
    ({ queueUrl } = await ensureQueues(endpoint, 'winnow-webhooks-test', 30));
    sqs = new SQSClient(clientConfig(endpoint));
    webhookQueue = sqsWebhookQueue(clientConfig(endpoint), queueUrl);
    api = stack.apiWith({ webhookQueue });
  });

  beforeEach(() => {
    // Receivers check the signature's timestamp against their own clock: the stack's clock is the real one here.
    stack.clock.set(new Date());
    sendOptions = {};
  });

  afterEach(async () => {
    await drain();
  });

  afterAll(async () => {
    sqs.destroy();
    await receiver.close();
    await stack.close();
  });

  const deps = (): WebhookDeliveryDependencies & { webhookQueue: WebhookQueue } => ({
    store: stack.deps.store,
    now: stack.clock.now,
    send: (url, message) => deliver(url, message, sendOptions),
    webhookQueue,
    mailer: { send: async () => 'm1' },
    alarmEmails: [],
  });

  /** Receives what is visible on the webhook queue and deletes it. */
  const drain = async () => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ['All'] }));
    for (const message of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    return Messages;
  };

  /** One batch of the webhook queue handed to the worker, as Lambda would. */
  const workQueue = async () => {
    const messages = await drain();
    const response = await createWebhookDeliverer(deps())(sqsEvent(messages), lambdaContext('winnow-webhooks'));
    return { messages, response };
  };

  const delayedMessages = async (): Promise<number> => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }));
    return Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
  };

  const anEndpoint = async (overrides: Partial<WebhookEndpoint> = {}): Promise<WebhookEndpoint> => {
    const endpoint: WebhookEndpoint = {
      id: ids.id('crm'),
      url: receiver.url,
      // Only the test of the lifecycle subscribes to lead.qualified: the other endpoints share the receiver.
      events: ['lead.converted'],
      enabled: true,
      secrets: [{ secret: newSecret(new Uint8Array(32).fill(9)), createdAt: stack.clock.now().toISOString() }],
      createdAt: stack.clock.now().toISOString(),
      ...overrides,
    };
    await stack.deps.store.saveWebhookEndpoint(endpoint, undefined);
    return endpoint;
  };

  const admin = () => apiClient(api).admin;

  it('a receiver answering 500 then 200 gets one delivery in two attempts under one webhook-id, each signed so both checks verify it', async () => {
    // Prepare
    const endpoint = await anEndpoint();
    receiver.answer(500, 200);
    const queued = await admin().post(`/v1/admin/webhooks/${endpoint.id}/test`, {});
    expect(queued.status).toBe(202);

    // Act
    await workQueue();
    const delayed = await delayedMessages();
    stack.clock.advance(5_000);
    const swept = await sweepDueDeliveries(deps());
    await workQueue();

    // Assess
    expect(delayed).toBe(1);
    expect(swept).toBe(1);
    expect(receiver.got).toHaveLength(2);
    const [first, second] = receiver.got;
    if (!first || !second) throw new Error('two attempts expected');
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(Number(second.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp'])).toBe(5);
    const secret = endpoint.secrets[0]?.secret ?? '';
    for (const attempt of [first, second]) {
      expect(verified(secret, attempt)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
      expect(hmacMatches(secret, attempt)).toBe(true);
    }
    const log = objectOf(await admin().get(`/v1/admin/webhooks/${endpoint.id}/deliveries`));
    expect(log.deliveries).toEqual([expect.objectContaining({ id: first.headers['webhook-id'], status: 'delivered', attempts: 2, lastStatus: 200 })]);
  });

  it('a receiver that never answers times out, and the retry is scheduled 5 s later', async () => {
    // Prepare: a short timeout stands in for the SPEC's 10 s.
    const endpoint = await anEndpoint();
    receiver.answer('hang');
    sendOptions = { timeoutMs: 300 };
    const queued = objectOf(await admin().post(`/v1/admin/webhooks/${endpoint.id}/test`, {}));
    const attemptedAt = stack.clock.now();

    // Act
    await workQueue();

    // Assess
    expect(receiver.got).toHaveLength(1);
    const delivery = await stack.deps.store.getWebhookDelivery(endpoint.id, String(queued.id));
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no answer within 300 ms', nextAttemptAt: new Date(attemptedAt.getTime() + 5_000).toISOString() });
    expect(await delayedMessages()).toBeGreaterThanOrEqual(1);
  });

  it('after a rotation each delivery carries two v1 signatures, and a receiver holding either secret verifies it', async () => {
    // Prepare
    const endpoint = await anEndpoint();
    receiver.answer(204);
    const rotated = objectOf(await admin().post(`/v1/admin/webhooks/${endpoint.id}/rotate-secret`, {}));
    const newer = String(rotated.secret);
    const older = endpoint.secrets[0]?.secret ?? '';

    // Act
    await admin().post(`/v1/admin/webhooks/${endpoint.id}/test`, {});
    await workQueue();

    // Assess
    const [got] = receiver.got;
    if (!got) throw new Error('nothing received');
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [newer, older]) {
      expect(verified(secret, got)).toMatchObject({ type: 'webhook.test' });
      expect(hmacMatches(secret, got)).toBe(true);
    }
    expect(() => verified(newSecret(new Uint8Array(32).fill(3)), got)).toThrow();
  });

  it('on AWS’s rule a host resolving to the metadata service is refused before anything is sent', async () => {
    // Prepare
    const endpoint = await anEndpoint({ url: 'https://hooks.crm.test/winnow' });
    sendOptions = { resolve: async () => [{ address: '169.254.169.254', family: 4 }] };
    const queued = objectOf(await admin().post(`/v1/admin/webhooks/${endpoint.id}/test`, {}));
    receiver.answer(200);

    // Act
    await workQueue();

    // Assess
    expect(receiver.got).toEqual([]);
    expect(await stack.deps.store.getWebhookDelivery(endpoint.id, String(queued.id))).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'refused: hooks.crm.test resolves to a private, loopback or link-local address',
    });
  });

  it('a lead that qualifies reaches the endpoint as lead.qualified exactly once, however often its jobs run', async () => {
    // Prepare
    await publishDefaults(stack);
    const endpoint = await anEndpoint({ events: ['lead.qualified'] });
    receiver.answer(200);
    const leadId = await submitGradeALead(stack.http, ids);

    // Act: the stack's scorer has no webhook queue, so the sweeper queues what its jobs stored.
    await stack.scoreQueued();
    await sweepDueDeliveries(deps());
    await workQueue();
    await sweepDueDeliveries(deps());
    await workQueue();

    // Assess
    const qualified = receiver.got.filter(({ body }) => (JSON.parse(body) as { type: string }).type === 'lead.qualified');
    expect(qualified).toHaveLength(1);
    const event = verified(endpoint.secrets[0]?.secret ?? '', qualified[0] as Received);
    expect(event).toMatchObject({ type: 'lead.qualified', data: { leadId, cycle: 1, grade: 'A', handRaiser: false } });
  });
});
