import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { DynamoDbStore } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { clientConfig, ensureTable, startDynamo, type LocalServer } from '../../../infra/local/servers.js';
import { storeContract } from './store-contract.js';

describe('the DynamoDB store keeps the Store contract (dynalite)', () => {
  let dynamo: LocalServer;
  let client: DynamoDBClient;
  let tables = 0;

  beforeAll(async () => {
    dynamo = await startDynamo();
    // As createAdapters builds it: its middleware resolved once per command.
    client = new DynamoDBClient({ ...clientConfig(dynamo.url), cacheMiddleware: true });
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  // A table per test: lists and scans see only what their own test stored.
  storeContract(async () => {
    const tableName = `winnow-contract-${(tables += 1)}`;
    await ensureTable(dynamo.url, tableName);
    return new DynamoDbStore(client, tableName);
  });
});
