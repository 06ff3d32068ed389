import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createAdapters } from '../functions/adapters/clients.js';
import { readConfig } from '../functions/adapters/config.js';
import { takeTurn } from '../functions/app/assign.js';
import { TeamSchema, type Team } from '../functions/core/index.js';
import { clientConfig, ensureQueues, ensureTable, startDynamo, startSqs } from '../infra/local/servers.js';

const ASSIGNMENTS = 600;
const CONCURRENCY = 10;
const ALL_WEEK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, '00:00-24:00']));

const aTeam = (id: string, reps: number): Team =>
  TeamSchema.parse({
    id,
    timezone: 'Europe/Berlin',
    workingHours: ALL_WEEK,
    // Three weights and a load limit nobody reaches, so every pick weighs and checks as production does.
    reps: Array.from({ length: reps }, (_, i) => ({ id: `rep_${i}`, name: `Rep ${i}`, email: `rep${i}@example.com`, pools: ['mid'], weight: 1 + (i % 3), maxOpen: 10_000 })),
  });

/** `n` calls, `concurrency` at a time; answers calls per second. */
const rate = async (n: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<number> => {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await call(next++); }));
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
};

/**
 * Assignments per second through the real store (one team-state item, written conditionally,
 * so concurrent picks on one pool take turns), with 1, 10 and 50 reps, beside raw conditional
 * UpdateItems on one item and on many, at the same concurrency in the same run.
 */
export const assignBench = async (): Promise<void> => {
  const dynamo = await startDynamo();
  const sqs = await startSqs();
  try {
    await ensureTable(dynamo.url, 'winnow');
    const { queueUrl } = await ensureQueues(sqs.url);
    const config = readConfig({ WINNOW_DYNAMODB_ENDPOINT: dynamo.url, WINNOW_SQS_ENDPOINT: sqs.url, WINNOW_SCORING_QUEUE_URL: queueUrl, WINNOW_ADMIN_TOKEN: 'bench-admin-token-0123456789' });
    const { store } = createAdapters(config);
    const raw = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(dynamo.url)));
    const rawUpdate = (key: string) =>
      raw.send(
        new UpdateCommand({
          TableName: config.WINNOW_TABLE,
          Key: { PK: key, SK: 'RAW' },
          UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(#gone)',
          ExpressionAttributeNames: { '#v': 'version', '#gone': 'erasedAt' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
        }),
      );
    const rawMany = await rate(ASSIGNMENTS, CONCURRENCY, (i) => rawUpdate(`BENCH#${i % 100}`));
    const rawOne = await rate(ASSIGNMENTS, CONCURRENCY, () => rawUpdate('BENCH#hot'));
    const rows: Record<string, string>[] = [
      { task: `raw conditional UpdateItem, ${CONCURRENCY} at a time, 100 items`, 'per second': Math.round(rawMany).toLocaleString('en-US'), 'vs raw (100 items)': '1.00×' },
      { task: `raw conditional UpdateItem, ${CONCURRENCY} at a time, one item`, 'per second': Math.round(rawOne).toLocaleString('en-US'), 'vs raw (100 items)': `${(rawOne / rawMany).toFixed(2)}×` },
    ];
    const now = new Date();
    for (const reps of [1, 10, 50]) {
      const team = aTeam(`bench_${reps}`, reps);
      for (const concurrency of [1, CONCURRENCY]) {
        const perSecond = await rate(ASSIGNMENTS, concurrency, (i) => takeTurn(store, team, 'mid', `assign:bench-${concurrency}-${i}:1:0`, now, []));
        rows.push({ task: `assign (takeTurn), ${reps} reps, ${concurrency} at a time`, 'per second': Math.round(perSecond).toLocaleString('en-US'), 'vs raw (100 items)': `${(perSecond / rawMany).toFixed(2)}×` });
      }
      const state = await store.teamState(team.id);
      const total = Object.values(state?.open ?? {}).reduce((sum, open) => sum + open, 0);
      if (total !== 2 * ASSIGNMENTS) throw new Error(`team of ${reps}: ${total} places taken for ${2 * ASSIGNMENTS} assignments`);
    }
    console.log(`\nassign (one team-state item on dynalite; ${ASSIGNMENTS} assignments a row; every assignment checked to take exactly one place)`);
    console.table(rows);
    raw.destroy();
  } finally {
    await dynamo.close();
    await sqs.close();
  }
};
