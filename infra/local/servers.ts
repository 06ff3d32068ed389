import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
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

const client = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** Creates Winnow's table unless it exists (a restart on the same data directory keeps it). */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const dynamo = new DynamoDBClient({ ...client, endpoint });
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
    await dynamo.send(new CreateTableCommand(tableDefinition(tableName)));
  } finally {
    dynamo.destroy();
  }
};

/** After this many failed receives a scoring job moves to the dead-letter queue, as on AWS. */
export const MAX_RECEIVE_COUNT = 5;

/** The scoring queue and its dead-letter queue; CreateQueue is idempotent. */
export const ensureQueues = async (endpoint: string, name = 'winnow-scoring', visibilityTimeoutSeconds = 30) => {
  const sqs = new SQSClient({ ...client, endpoint });
  try {
    const { QueueUrl: deadLetterUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
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
