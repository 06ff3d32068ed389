import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { queueClient } from '../../functions/adapters/scoring-queue.js';
import { awsClientConfig, createAdapters } from '../../functions/adapters/clients.js';
import type { Config } from '../../functions/adapters/config.js';
import { createApi } from '../../functions/http/api.js';
import { httpDependencies } from '../../functions/http/dependencies.js';
import { createScorer } from '../../functions/workers/scorer.js';
import { runSla } from '../../functions/workers/sla.js';
import { scorerDependencies } from '../../functions/workers/wiring.js';
import { createWebhookDeliverer, sweepDueDeliveries } from '../../functions/workers/webhook-deliverer.js';
import { webhookDelivererDependencies } from '../../functions/workers/webhook-wiring.js';
import { toApiEvent } from './api-event.js';
import { lockDataDir } from './data-dir-lock.js';
import { SCORING_DEAD_LETTERS, WEBHOOK_DEAD_LETTERS, watchDeadLetters, type DeadLetterWords } from './dead-letter-watch.js';
import { httpBridge, type ApiInvoker, type BridgeTarget } from './http-bridge.js';
import { keptSecret, type KeptSecret } from './kept-secret.js';
import { lambdaContext } from './lambda-context.js';
import { listen } from './listen.js';
import type { LocalSettings } from './local-settings.js';
import { checkExamples, publishExamples, type PublishedExample } from './publish-examples.js';
import { LOCAL_BATCHES_AT_ONCE, startQueuePoller, type SqsHandler } from './queue-poller.js';
import { requeueUnscored } from './requeue-unscored.js';
import { startSlaTimer } from './sla-timer.js';
import { startWebhookSweepTimer } from './webhook-sweep-timer.js';
import { ensureQueues, ensureTable, startSes, type LocalServer, type ScoringQueues } from './servers.js';
import { startStandInThread } from './stand-in-thread.js';

const SCORING_QUEUE = 'winnow-scoring';
const WEBHOOK_QUEUE = 'winnow-webhooks';
/** Longer than an attempt may take (10 s), so a slow receiver's message does not show up twice. */
const WEBHOOK_VISIBILITY_TIMEOUT_SECONDS = 30;
/** How often due webhook retries are queued: the ones SQS cannot delay (over 15 min), and any the queue lost. */
const WEBHOOK_SWEEP_SECONDS = 15;
/**
 * Long enough that a batch in hand, or received ahead while the other batches are handled
 * (LOCAL_BATCHES_AT_ONCE), is not handed out again before it is done: on AWS it is six times
 * the scorer's timeout for the same reason. A job that fails comes back sooner, with its own
 * backoff (`retryLater`); only a batch the scorer fails whole waits this out.
 */
const LOCAL_VISIBILITY_TIMEOUT_SECONDS = 30;
/** How often the terminal is told of jobs that reached the dead-letter queue. */
const DEAD_LETTER_CHECK_MS = 10_000;
/** API Gateway's own limit on an integration. */
const API_TIMEOUT_MS = 30_000;
/** In-flight requests get this long to finish when the host stops. */
const CLOSE_GRACE_MS = 3_000;

export interface Endpoint {
  url: string;
  /** Started by this process, as opposed to a WINNOW_*_ENDPOINT. */
  embedded: boolean;
}

export interface RunningHost {
  base: string;
  dataDir: string;
  dynamo: Endpoint;
  sqs: Endpoint & { queueUrl: string; deadLetterUrl: string };
  /** The SES catcher: its web inbox and its API. */
  ses: Endpoint;
  adminToken: KeptSecret;
  examples: PublishedExample[];
  requeued: number;
  scorer: boolean;
  /** Whether notifications are posted to a Slack webhook as well as emailed. */
  slack: boolean;
  /** Stops accepting requests, drains the poller, closes the servers. */
  stop(): Promise<void>;
}

type Closer = () => Promise<void>;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']);

/** What a browser on this machine types; `localhost` is also what the example forms allow as an origin. */
const baseUrl = (host: string, port: number): string =>
  `http://${LOOPBACK.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;

/** aws-ses-v2-local crashes the process when its port is taken; find out first, in one line. */
const checkPortFree = async (port: number): Promise<void> => {
  if (port === 0) return;
  const probe = createNetServer();
  await listen(probe, port, '127.0.0.1', 'WINNOW_SES_PORT');
  probe.close();
  await once(probe, 'close');
};

/** Runs closers newest first; every one runs even when an earlier one fails. */
const unwind = async (closers: Closer[]): Promise<void> => {
  const failures: unknown[] = [];
  for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
};

const closeHttp = (server: Server) => async (): Promise<void> => {
  if (!server.listening) return;
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(grace);
};

/**
 * The embedded DynamoDB, SQS and SES, each unless its WINNOW_*_ENDPOINT names an external one.
 * The store and the queue run on a thread of their own (stand-in-thread.ts); without them the
 * host can do nothing, so their thread ending unasked ends the host.
 */
const startStandIns = async ({ handlers, dataDir, sesPort }: LocalSettings, closers: Closer[], log: (line: string) => void) => {
  const embedded = async (start: () => Promise<LocalServer>): Promise<Endpoint> => {
    const started = await start();
    closers.push(started.close);
    return { url: started.url, embedded: true };
  };
  const external = (url: string): Endpoint => ({ url, embedded: false });
  const { WINNOW_DYNAMODB_ENDPOINT: dynamoUrl, WINNOW_SQS_ENDPOINT: sqsUrl } = handlers;
  const thread =
    dynamoUrl && sqsUrl
      ? undefined
      : await startStandInThread({ ...(dynamoUrl ? {} : { dynamo: { path: join(dataDir, 'dynamodb') } }), ...(sqsUrl ? {} : { sqs: {} }) }, (error) => {
          log(`the local DynamoDB and SQS stopped: ${error.message}`);
          process.exit(1);
        });
  if (thread) {
    closers.push(async () => {
      if ((await thread.close()) === 'ended') log('the local DynamoDB and SQS did not close in time: their thread was ended');
    });
  }
  const onThread = (url: string | undefined): Endpoint => {
    if (!url) throw new Error('the local DynamoDB and SQS thread did not start a server it was asked for');
    return { url, embedded: true };
  };
  const dynamo = dynamoUrl ? external(dynamoUrl) : onThread(thread?.dynamo);
  const sqs = sqsUrl ? external(sqsUrl) : onThread(thread?.sqs);
  const ses = handlers.WINNOW_SES_ENDPOINT
    ? external(handlers.WINNOW_SES_ENDPOINT)
    : await embedded(async () => {
        await checkPortFree(sesPort);
        return startSes({ port: sesPort });
      });
  return { dynamo, sqs, ses };
};

/** A poller on a queue (the scoring queue unless `queueUrl` names another), as Lambda's event source mapping would feed the handler, and its dead-letter watch. */
const startScorer = (
  handler: SqsHandler,
  config: Config,
  { queueArn, visibilityTimeoutSeconds, deadLetterUrl }: ScoringQueues,
  log: (line: string) => void,
  closers: Closer[],
  queueUrl = config.WINNOW_SCORING_QUEUE_URL,
  what: DeadLetterWords = SCORING_DEAD_LETTERS,
): void => {
  // The functions' own queue client (no logging step, middleware resolved once): the poller stands in for
  // AWS's event source mapping, whose calls cost a function nothing, so it takes no more of the process than it must.
  const sqs = queueClient(awsClientConfig(config, config.WINNOW_SQS_ENDPOINT));
  closers.push(async () => sqs.destroy());
  const poller = startQueuePoller({
    sqs,
    queueUrl,
    queueArn,
    region: config.AWS_REGION,
    visibilityTimeoutSeconds,
    handler,
    onError: log,
    concurrency: LOCAL_BATCHES_AT_ONCE,
  });
  closers.push(poller.stop);
  const deadLetters = watchDeadLetters({ sqs, deadLetterUrl, everyMs: DEAD_LETTER_CHECK_MS, what }, log);
  closers.push(async () => deadLetters.stop());
};

/**
 * Starts Winnow on one machine: the examples checked, the data dir and the HTTP port taken
 * first (the cheapest failures), then the AWS stand-ins, the handlers given adapters built on
 * them as an entry point builds its own, the examples published, the re-queue and the poller.
 */
export const startLocalHost = async (settings: LocalSettings, cwd: string, log: (line: string) => void): Promise<RunningHost> => {
  const closers: Closer[] = [];
  let target: BridgeTarget | undefined;
  const server = createServer(httpBridge({ target: () => target, onError: log }));
  try {
    const examplesToPublish = await checkExamples(cwd);
    closers.push((await lockDataDir(settings.dataDir)).release);
    const base = baseUrl(settings.host, await listen(server, settings.port, settings.host, 'PORT'));
    closers.push(closeHttp(server));
    const adminToken = await keptSecret(settings.dataDir, 'admin-token', settings.handlers.WINNOW_ADMIN_TOKEN);
    const linkSecret = await keptSecret(settings.dataDir, 'link-secret', settings.handlers.WINNOW_LINK_SECRET);
    const { dynamo, sqs, ses } = await startStandIns(settings, closers, log);
    const queues = await ensureQueues(sqs.url, SCORING_QUEUE, LOCAL_VISIBILITY_TIMEOUT_SECONDS);
    const webhookQueues = await ensureQueues(sqs.url, WEBHOOK_QUEUE, WEBHOOK_VISIBILITY_TIMEOUT_SECONDS);
    const config: Config = {
      ...settings.handlers,
      WINNOW_DYNAMODB_ENDPOINT: dynamo.url,
      WINNOW_SQS_ENDPOINT: sqs.url,
      WINNOW_SCORING_QUEUE_URL: queues.queueUrl,
      WINNOW_WEBHOOK_QUEUE_URL: webhookQueues.queueUrl,
      WINNOW_SES_ENDPOINT: ses.url,
      WINNOW_ADMIN_TOKEN: adminToken.value,
      WINNOW_LINK_SECRET: linkSecret.value,
      WINNOW_PUBLIC_URL: settings.handlers.WINNOW_PUBLIC_URL ?? base,
      // SPEC: a developer tries webhooks with a receiver on this machine; `false` tries AWS's rule instead.
      WINNOW_WEBHOOKS_ALLOW_LOOPBACK: settings.handlers.WINNOW_WEBHOOKS_ALLOW_LOOPBACK ?? true,
    };
    const adapters = createAdapters(config);
    const deps = httpDependencies(adapters);
    await ensureTable(dynamo.url, config.WINNOW_TABLE);

    const api = createApi(deps);
    const invoke: ApiInvoker = (request) => api(toApiEvent(request), lambdaContext('winnow-api', API_TIMEOUT_MS));
    const examples = await publishExamples(invoke, adminToken.value, examplesToPublish);
    // Data kept by an earlier version: steps and events move into their lead's partition, once.
    const moved = await deps.store.moveLegacyActivity();
    if (moved > 0) log(`moved ${moved} submissions and events stored by an earlier version into their leads' partitions`);
    const requeued = await requeueUnscored(deps.store, deps.queue);
    const workers = scorerDependencies(adapters);
    if (settings.scorer) startScorer(createScorer(workers), config, queues, log, closers);
    if (settings.slaCheckSeconds > 0) closers.push(startSlaTimer(settings.slaCheckSeconds, log, () => runSla(workers)).stop);
    // The local queue lives in memory: every pending delivery due now is queued again, so nothing accepted before a restart is lost.
    const webhooks = webhookDelivererDependencies(adapters);
    const requeuedWebhooks = await sweepDueDeliveries(webhooks);
    if (requeuedWebhooks > 0) log(`queued ${requeuedWebhooks} pending webhook deliver${requeuedWebhooks === 1 ? 'y' : 'ies'} again`);
    if (settings.scorer) {
      startScorer(createWebhookDeliverer(webhooks), config, webhookQueues, log, closers, webhookQueues.queueUrl, WEBHOOK_DEAD_LETTERS);
      closers.push(startWebhookSweepTimer(WEBHOOK_SWEEP_SECONDS, log, () => sweepDueDeliveries(webhooks)).stop);
    }

    target = { invoke };
    return {
      base,
      dataDir: settings.dataDir,
      dynamo,
      sqs: { ...sqs, ...queues },
      ses,
      adminToken,
      examples,
      requeued,
      scorer: settings.scorer,
      slack: config.WINNOW_SLACK_WEBHOOK_URL !== undefined,
      stop: async () => {
        // New requests stop first, so no job is queued after the poller has drained.
        await closeHttp(server)();
        await unwind(closers);
      },
    };
  } catch (error) {
    await unwind(closers).catch(() => undefined);
    throw error;
  }
};
