import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import { tableDefinition } from '../../functions/adapters/dynamodb/table.js';

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

/**
 * Local servers accept any credentials, so a machine with none still works; pointed at AWS
 * itself (WINNOW_DYNAMODB_ENDPOINT / WINNOW_SQS_ENDPOINT), the SDK's chain finds the real ones,
 * as the handlers' own clients do.
 */
export const clientConfig = (endpoint: string, env: NodeJS.ProcessEnv = process.env) => ({
  endpoint,
  region: env.AWS_REGION ?? 'us-east-1',
  ...(env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
});

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

/** After this many failed receives a scoring job moves to the dead-letter queue, as on AWS. */
export const MAX_RECEIVE_COUNT = 5;

const queueUrlOf = async (sqs: SQSClient, name: string): Promise<string | undefined> => {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist || (error as Error).name === 'QueueDoesNotExist') return undefined;
    throw error;
  }
};

/**
 * The scoring queue and its dead-letter queue, each created only when missing: AWS refuses a
 * CreateQueue whose attributes differ from an existing queue's, so an external queue is kept as is.
 */
export const ensureQueues = async (endpoint: string, name = 'winnow-scoring', visibilityTimeoutSeconds = 30) => {
  const sqs = new SQSClient(clientConfig(endpoint));
  try {
    const deadLetterUrl =
      (await queueUrlOf(sqs, `${name}-dlq`)) ?? (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl ?? '';
    const existing = await queueUrlOf(sqs, name);
    if (existing) return { queueUrl: existing, deadLetterUrl };
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }));
    const { QueueUrl: queueUrl = '' } = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
        },
      }),
    );
    return { queueUrl, deadLetterUrl };
  } finally {
    sqs.destroy();
  }
};
