import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import { tableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { awsClientConfig } from '../../functions/adapters/clients.js';
import { SCORING_MAX_RECEIVES } from '../../functions/adapters/scoring-queue.js';

/** The AWS-API-compatible servers Winnow runs against on one machine (see shared/STACK.md). */
export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

const urlOf = (server: Server): string => `http://${HOST}:${(server.address() as AddressInfo).port}`;

const closing = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/** Port 0 picks a free port, which is what tests want. */
export const startDynamo = async ({ port = 0, path }: { port?: number; path?: string } = {}): Promise<LocalServer> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  server.listen(port, HOST);
  await once(server, 'listening');
  return { url: urlOf(server), close: closing(server) };
};

export const startSqs = async ({ port = 0 }: { port?: number } = {}): Promise<LocalServer> => {
  const server = await createSqsServer({ port, hostname: HOST } as Parameters<typeof createSqsServer>[0]);
  if (!server.listening) await once(server, 'listening');
  return { url: urlOf(server), close: closing(server) };
};

export const startSes = async ({ port = 0 }: { port?: number } = {}): Promise<LocalServer> => {
  // A CommonJS module whose typings describe its ES build: at run time its default export is the factory.
  const ses = (await import('aws-ses-v2-local')).default as unknown as (config: { host: string; port: number }) => Promise<Server>;
  const server = await ses({ host: HOST, port });
  return { url: urlOf(server), close: closing(server) };
};

/** An SDK client's settings for a local server, with the credentials rule the handlers' own clients follow. */
export const clientConfig = (endpoint: string, env: NodeJS.ProcessEnv = process.env) =>
  awsClientConfig({ AWS_REGION: env.AWS_REGION ?? 'us-east-1', AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID }, endpoint);

/** A new table answers "not found" until it is ACTIVE, even in dynalite on a busy machine. */
const untilActive = async (dynamo: DynamoDBClient, tableName: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is still ${Table?.TableStatus ?? 'missing'} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Creates Winnow's table unless it exists (a restart on the same data directory keeps it). */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const dynamo = new DynamoDBClient(clientConfig(endpoint));
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
    await dynamo.send(new CreateTableCommand(tableDefinition(tableName)));
    await untilActive(dynamo, tableName);
  } finally {
    dynamo.destroy();
  }
};

const queueUrlOf = async (sqs: SQSClient, name: string): Promise<string | undefined> => {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist || (error as Error).name === 'QueueDoesNotExist') return undefined;
    throw error;
  }
};

export interface ScoringQueues {
  queueUrl: string;
  /** What the poller names as each record's source, as Lambda's event source mapping does. */
  queueArn: string;
  /** The queue's own, which an external queue may set otherwise. */
  visibilityTimeoutSeconds: number;
  deadLetterUrl: string;
}

/**
 * The scoring queue and its dead-letter queue, each created only when missing: AWS refuses a
 * CreateQueue whose attributes differ from an existing queue's, so an external queue is kept as is.
 */
export const ensureQueues = async (endpoint: string, name = 'winnow-scoring', visibilityTimeoutSeconds = 30): Promise<ScoringQueues> => {
  const sqs = new SQSClient(clientConfig(endpoint));
  const attributesOf = async (QueueUrl: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'VisibilityTimeout'] }))).Attributes ?? {};
  try {
    const deadLetterUrl =
      (await queueUrlOf(sqs, `${name}-dlq`)) ?? (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl ?? '';
    const queueUrl =
      (await queueUrlOf(sqs, name)) ??
      (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: {
              VisibilityTimeout: String(visibilityTimeoutSeconds),
              RedrivePolicy: JSON.stringify({ deadLetterTargetArn: (await attributesOf(deadLetterUrl)).QueueArn, maxReceiveCount: SCORING_MAX_RECEIVES }),
            },
          }),
        )
      ).QueueUrl ??
      '';
    const attributes = await attributesOf(queueUrl);
    return { queueUrl, queueArn: attributes.QueueArn ?? '', visibilityTimeoutSeconds: Number(attributes.VisibilityTimeout ?? visibilityTimeoutSeconds), deadLetterUrl };
  } finally {
    sqs.destroy();
  }
};
