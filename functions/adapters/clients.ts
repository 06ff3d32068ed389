import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readConfig, type Config } from './config.js';
import { DynamoDbStore } from './dynamodb/dynamodb-store.js';
import { SesMailer, type Mailer } from './mailer.js';
import { SqsScoringQueue, type ScoringQueue } from './scoring-queue.js';
import { SlackWebhook, type Slack } from './slack.js';
import type { Store } from './store.js';

export interface Adapters {
  config: Config;
  store: Store;
  queue: ScoringQueue;
  mailer: Mailer;
  /** Absent when no webhook is configured: Slack notifications are then recorded as skipped. */
  slack?: Slack;
}

/**
 * Local servers accept any credentials, so a machine with none still runs; when the
 * environment carries real ones (an external endpoint on AWS) the SDK's chain uses them.
 */
const endpointFor = (endpoint: string | undefined) =>
  endpoint
    ? { endpoint, ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }) }
    : {};

export const createAdapters = (config: Config = readConfig()): Adapters => {
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    ...endpointFor(config.WINNOW_DYNAMODB_ENDPOINT),
  });
  const sqs = new SQSClient({
    region: config.AWS_REGION,
    ...endpointFor(config.WINNOW_SQS_ENDPOINT),
  });
  const ses = new SESv2Client({ region: config.AWS_REGION, ...endpointFor(config.WINNOW_SES_ENDPOINT) });
  const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return {
    config,
    store: new DynamoDbStore(documents, config.WINNOW_TABLE),
    queue: new SqsScoringQueue(sqs, config.WINNOW_SCORING_QUEUE_URL),
    mailer: new SesMailer(ses, config.WINNOW_MAIL_FROM),
    ...(config.WINNOW_SLACK_WEBHOOK_URL ? { slack: new SlackWebhook(config.WINNOW_SLACK_WEBHOOK_URL) } : {}),
  };
};

let adapters: Adapters | undefined;

/** Built once per container, on first use, never per request. */
export const defaultAdapters = (): Adapters => (adapters ??= createAdapters());
