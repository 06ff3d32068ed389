import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table, keys written down in docs/data-model.md. The local host and the tests create it
 * from this definition; the CDK stack declares the same keys and indexes.
 */
export const TABLE_INDEXES = {
  /** The email index: leads by email, oldest first. */
  email: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /** Leads by stage, hottest first. */
  stage: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
} as const;

export const tableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: ['PK', 'SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  GlobalSecondaryIndexes: Object.values(TABLE_INDEXES).map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  })),
});
