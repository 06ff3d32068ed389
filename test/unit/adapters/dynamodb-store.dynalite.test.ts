import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { DynamoDbStore } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { clientConfig, ensureTable, startDynamo, type LocalServer } from '../../../infra/local/servers.js';
import { storeContract } from './store-contract.js';

describe('the DynamoDB store keeps the Store contract (dynalite)', () => {
  let dynamo: LocalServer;
  let documents: DynamoDBDocumentClient;
  let tables = 0;

  beforeAll(async () => {
    dynamo = await startDynamo();
    // As createAdapters builds it: the store relies on undefined values being left out.
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(dynamo.url)), { marshallOptions: { removeUndefinedValues: true } });
  });

  afterAll(async () => {
    documents.destroy();
    await dynamo.close();
  });

  // A table per test: lists and scans see only what their own test stored.
  storeContract(async () => {
    const tableName = `winnow-contract-${(tables += 1)}`;
    await ensureTable(dynamo.url, tableName);
    return new DynamoDbStore(documents, tableName);
  });
});
