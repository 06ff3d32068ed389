import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { onFirstUse } from '../core/once.js';
import { readConfig, type Config } from './config.js';
import { DynamoDbStore } from './dynamodb/dynamodb-store.js';
import { withUserAgentOnce } from './user-agent-once.js';
import { logger } from '../app/logger.js';
import type { ScoringJob, ScoringQueue } from './scoring-queue.js';
import type { Store } from '../app/ports/store.js';
import type { WebhookJob, WebhookQueue } from '../app/ports/webhooks.js';

/** What the API functions and the workers reach: the table and the scoring queue. Only the workers notify (see notifiers.ts). */
export interface Adapters {
  config: Config;
  store: Store;
  queue: ScoringQueue;
  /** The webhook delivery queue, when the config names one. */
  webhookQueue?: WebhookQueue;
}

/**
 * An SDK client's region, and the endpoint when one names a server other than AWS's. Local
 * servers accept any credentials, so a machine with none still runs; when the environment carries
 * real ones (an external endpoint on AWS) the SDK's chain uses them.
 */
export const awsClientConfig = ({ AWS_REGION, AWS_ACCESS_KEY_ID }: Pick<Config, 'AWS_REGION' | 'AWS_ACCESS_KEY_ID'>, endpoint: string | undefined) => ({
  region: AWS_REGION,
  ...(endpoint ? { endpoint, ...(AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }) } : {}),
});

/**
 * The scoring queue, loaded by its first send: the SLA job never sends, the scorer only to defer
 * or retry, the admin API only for an import, and the public API not for the `next` that opens a
 * form. `load` imports a module of this folder rather than the SDK itself: the bundle turns that
 * into a `require` run on first use, where an `import()` of the SDK would go through Node's far
 * slower ES module loader.
 */
class QueueOnFirstSend implements ScoringQueue {
  private readonly queue: () => Promise<ScoringQueue>;

  constructor(load: () => Promise<ScoringQueue>) {
    this.queue = onFirstUse(load);
  }

  async enqueue(job: ScoringJob): Promise<void> {
    await (await this.queue()).enqueue(job);
  }

  async enqueueAll(jobs: readonly ScoringJob[]): Promise<void> {
    await (await this.queue()).enqueueAll(jobs);
  }

  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    await (await this.queue()).retryLater(receiptHandle, seconds);
  }

  async defer(job: ScoringJob, seconds: number): Promise<void> {
    await (await this.queue()).defer(job, seconds);
  }
}

/** The webhook queue, loaded by its first send, as the scoring queue is. */
class WebhookQueueOnFirstSend implements WebhookQueue {
  private readonly queue: () => Promise<WebhookQueue>;

  constructor(load: () => Promise<WebhookQueue>) {
    this.queue = onFirstUse(load);
  }

  async enqueueAll(jobs: readonly WebhookJob[], delaySeconds?: number): Promise<void> {
    if (jobs.length > 0) await (await this.queue()).enqueueAll(jobs, delaySeconds);
  }
}

/**
 * The table's client. With no logger configured (none is), the SDK's logging step only copies
 * every item sent and read to hide its sensitive fields from a logger that drops them, about a
 * tenth of a call's own CPU here: it is left out. Its middleware is resolved once per command
 * class (`cacheMiddleware`), not on every call, as nothing changes the stack once it has sent. So
 * it is no document client: those commands add their (un)marshalling middleware on every call,
 * and the SDK refuses the two together; `TableItems` marshals instead.
 */
export const tableClient = (config: Config): DynamoDBClient => {
  const dynamo = new DynamoDBClient({ ...awsClientConfig(config, config.WINNOW_DYNAMODB_ENDPOINT), cacheMiddleware: true });
  dynamo.middlewareStack.remove('loggerMiddleware');
  return withUserAgentOnce(dynamo);
};

/**
 * The table and the queue the config names; built once by whoever starts the handlers, never per
 * request. The table's client is built now (nearly every call reads it), the queue's on its first send.
 */
export const createAdapters = (config: Config): Adapters => ({
  config,
  store: new DynamoDbStore(tableClient(config), config.WINNOW_TABLE),
  queue: new QueueOnFirstSend(async () => (await import('./scoring-queue.js')).sqsScoringQueue(awsClientConfig(config, config.WINNOW_SQS_ENDPOINT), config.WINNOW_SCORING_QUEUE_URL)),
  ...(config.WINNOW_WEBHOOK_QUEUE_URL ? { webhookQueue: webhookQueueOf(config, config.WINNOW_WEBHOOK_QUEUE_URL) } : {}),
});

const webhookQueueOf = (config: Config, queueUrl: string): WebhookQueue =>
  new WebhookQueueOnFirstSend(async () => (await import('./webhook-queue.js')).sqsWebhookQueue(awsClientConfig(config, config.WINNOW_SQS_ENDPOINT), queueUrl));

/** Each secret's environment name, and the variable its value stands in for (the one the local host sets directly). */
const SECRET_VARIABLES = [
  ['WINNOW_ADMIN_TOKEN_SECRET_ARN', 'WINNOW_ADMIN_TOKEN'],
  ['WINNOW_SLACK_WEBHOOK_SECRET_ARN', 'WINNOW_SLACK_WEBHOOK_URL'],
  ['WINNOW_LINK_SECRET_ARN', 'WINNOW_LINK_SECRET'],
] as const;

/** Answers a secret's current value, or `undefined` when it has none yet. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

/** The Slack webhook's secret is created empty: until a team stores its URL, reading it finds no value. */
export const secretsManagerReader =
  (client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({})): SecretReader =>
  async (SecretId) => {
    try {
      return (await client.send(new GetSecretValueCommand({ SecretId }))).SecretString;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };

/**
 * The environment with each secret named by a `*_SECRET_ARN` variable read into the variable it
 * stands for; a variable already set wins, so the local host and the tests never reach AWS.
 */
export const withSecrets = async (env: NodeJS.ProcessEnv, read?: SecretReader): Promise<NodeJS.ProcessEnv> => {
  const wanted = SECRET_VARIABLES.filter(([arn, variable]) => env[arn] && !env[variable]);
  if (wanted.length === 0) return env;
  const reader = read ?? secretsManagerReader();
  const values = await Promise.all(wanted.map(async ([arn, variable]) => [variable, await reader(env[arn] ?? '')] as const));
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const [variable, value] of values) {
    if (value) resolved[variable] = value;
    else logger.warn('a secret has no value yet; the feature it enables stays off', { variable });
  }
  return resolved;
};

/** The adapters a Lambda entry point builds from its environment, once the secrets it names are read into it. */
export const adaptersFrom = async (env: NodeJS.ProcessEnv, read?: SecretReader): Promise<Adapters> => createAdapters(readConfig(await withSecrets(env, read)));

type Handler<E, C, R> = (event: E, context: C) => Promise<R>;

/**
 * A Lambda entry point's handler, built once from the adapters `load` answers (the secrets read
 * into their config). The bundles are CommonJS, which Node loads the runtime's AWS SDK into far
 * faster than an ES module, and which has no top-level await: so the init starts the load and the
 * first call waits for it. A failed load fails that call and is tried again by the next, rather
 * than breaking the container for good.
 */
export const afterSecrets = <E, C, R>(build: (adapters: Adapters) => Handler<E, C, R>, load: () => Promise<Adapters>): Handler<E, C, R> => {
  const handler = onFirstUse(async () => build(await load()));
  // Begun at init; should it fail, the first call tries again and reports a second failure.
  handler().catch((error: unknown) => logger.warn('reading the secrets at init failed; the first call tries again', { error: (error as Error).message }));
  return async (event, context) => (await handler())(event, context);
};
