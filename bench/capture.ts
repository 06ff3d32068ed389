import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createAdapters } from '../functions/adapters/clients.js';
import { readConfig } from '../functions/adapters/config.js';
import { createApi } from '../functions/http/api.js';
import { httpDependencies } from '../functions/http/dependencies.js';
import { ensureQueues, ensureTable, startDynamo, startSqs } from '../infra/local/servers.js';

const REQUESTS = 2_000;
const CONCURRENCY = 32;
const CONCURRENT_REQUESTS = 2_000;
const TOKEN = 'bench-admin-token-0123456789';

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const timed = async (n: number, run: (i: number) => Promise<unknown>): Promise<number[]> => {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
};

const event = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { 'content-type': 'application/json', host: 'localhost', ...headers },
  requestContext: {
    accountId: 'local',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: randomUUID(),
    routeKey: '$default',
    stage: '$default',
    time: '',
    timeEpoch: Date.now(),
  },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  isBase64Encoded: false,
});

/** Submission latency on the local stack against one raw UpdateItem + SendMessage on the same servers. */
export const captureBench = async (): Promise<void> => {
  const dynamo = await startDynamo();
  const sqs = await startSqs();
  try {
    await ensureTable(dynamo.url, 'winnow');
    const { queueUrl } = await ensureQueues(sqs.url);
    const config = readConfig({
      WINNOW_DYNAMODB_ENDPOINT: dynamo.url,
      WINNOW_SQS_ENDPOINT: sqs.url,
      WINNOW_SCORING_QUEUE_URL: queueUrl,
      WINNOW_ADMIN_TOKEN: TOKEN,
      WINNOW_RATE_LIMIT_PER_MINUTE: '1000000000',
      WINNOW_LINK_SECRET: randomBytes(32).toString('base64url'),
    });
    const deps = httpDependencies(createAdapters(config));
    const api = createApi(deps);
    const call = async (e: APIGatewayProxyEventV2) => {
      const result = await api(e, {} as Context);
      if ((result.statusCode ?? 500) >= 300) throw new Error(`${e.rawPath} answered ${result.statusCode}: ${result.body}`);
      return result;
    };
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const [kind, file] of [['teams', 'teams/sales.json'], ['playbooks', 'playbooks/default.json'], ['forms', 'forms/demo-request.json']] as const) {
      const document = JSON.parse(await readFile(file, 'utf8')) as { id: string };
      await call(event('PUT', `/v1/admin/${kind}/${document.id}`, document, auth));
    }

    const raw = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.url, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
    const rawSqs = new SQSClient({ region: 'us-east-1', endpoint: sqs.url, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const baseline = await timed(REQUESTS, async (i) => {
      await raw.send(
        new UpdateCommand({
          TableName: 'winnow',
          Key: { PK: `BENCH#${i}`, SK: 'BENCH' },
          UpdateExpression: 'SET answers = :a',
          ExpressionAttributeValues: { ':a': { email: `lead${i}@example.com`, first_name: 'Bench' } },
        }),
      );
      await rawSqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ kind: 'submission', id: `b${i}`, leadId: `l${i}` }) }));
    });

    const submit = (i: number) =>
      call(
        event('POST', '/v1/forms/demo-request/submissions', {
          submissionId: `bench-${i}-${randomUUID()}`,
          answers: { email: `lead${i}-${randomUUID()}@example.com`, first_name: 'Bench', company_size: '51-200' },
        }),
      );
    const submissions = await timed(REQUESTS, submit);

    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONCURRENT_REQUESTS) await submit(REQUESTS + next++);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;

    const row = (name: string, samples: number[]) => ({
      task: name,
      'median ms': percentile(samples, 50).toFixed(2),
      'p99 ms': percentile(samples, 99).toFixed(2),
      'median vs baseline': `${(percentile(samples, 50) / percentile(baseline, 50)).toFixed(2)}×`,
    });
    console.log(`\ncapture (in-process handler, dynalite + local SQS, ${REQUESTS} sequential requests each)`);
    console.table([row('baseline: one raw UpdateItem + SendMessage', baseline), row('POST /v1/forms/demo-request/submissions (new lead)', submissions)]);
    console.log(`${CONCURRENT_REQUESTS} submissions with ${CONCURRENCY} concurrent clients: ${Math.round(CONCURRENT_REQUESTS / seconds)} submissions/s`);
    raw.destroy();
    rawSqs.destroy();
  } finally {
    await dynamo.close();
    await sqs.close();
  }
};
