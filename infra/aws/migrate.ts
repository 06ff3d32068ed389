/**
 * `npm run migrate -- --table <TableName> [--region eu-west-1]`: after upgrading a deployed stack,
 * moves the submissions and events an earlier version stored (`SUBMISSION#<id>`, `EVENT#<id>`)
 * into their lead's partition, where scoring, export and erasure now look. Runs with your usual
 * AWS credentials; safe to run again (it moves what is left). The local host does this at start.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store.js';

const { values } = parseArgs({ options: { table: { type: 'string' }, region: { type: 'string' } } });
if (!values.table) {
  process.stderr.write('winnow: name the table: npm run migrate -- --table <TableName> (the stack’s Table resource)\n');
  process.exit(2);
}
const dynamo = new DynamoDBClient(values.region ? { region: values.region } : {});
const moved = await new DynamoDbStore(dynamo, values.table).moveLegacyActivity();
process.stdout.write(`moved ${moved} submissions and events into their leads' partitions in ${values.table}\n`);
dynamo.destroy();
