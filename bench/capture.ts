import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { awsClientConfig, createAdapters, tableClient } from '../functions/adapters/clients.js';
import { readConfig } from '../functions/adapters/config.js';
import { queueClient } from '../functions/adapters/scoring-queue.js';
import { createApi } from '../functions/http/api.js';
import { httpDependencies } from '../functions/http/dependencies.js';
import { ensureQueues, ensureTable, startDynamo, startSqs, type LocalServer } from '../infra/local/servers.js';
import { npmStartServers, type BenchServers } from './npm-start-servers.js';

/** `WINNOW_BENCH_REQUESTS` makes a quicker run (or a steadier one) on a busy machine. */
const REQUESTS = Number(process.env.WINNOW_BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = 32;
const CONCURRENT_REQUESTS = REQUESTS;
const TOKEN = 'bench-admin-token-0123456789';

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Each request's wall-clock ms, and this process's CPU ms over them all (every thread: in-process servers' included). */
class Sample {
  private readonly ms: number[] = [];
  cpu = 0;

  async time(run: () => Promise<unknown>): Promise<void> {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await run();
    this.ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    const { user, system } = process.cpuUsage(cpu);
    this.cpu += (user + system) / 1000;
  }

  sorted(): number[] {
    return [...this.ms].sort((a, b) => a - b);
  }
}

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

/** dynalite and the SQS server on the handler's thread, as the tests run them: every call's server work runs one after another with the handler's own. */
const onTheHandlersThread = async (): Promise<BenchServers> => {
  const started: LocalServer[] = [];
  try {
    started.push(await startDynamo());
    started.push(await startSqs());
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
  const [dynamo, sqs] = started as [LocalServer, LocalServer];
  return { dynamo: dynamo.url, sqs: sqs.url, close: async () => void (await Promise.all([dynamo.close(), sqs.close()])) };
};

const SERVERS_MODULE = fileURLToPath(new URL('../infra/local/servers.ts', import.meta.url));

/** One local server (`startDynamo` or `startSqs`) in a process of its own; answers its URL and how to end it. */
const serverInChild = async (start: 'startDynamo' | 'startSqs'): Promise<LocalServer> => {
  const script =
    `const server = await (await import(${JSON.stringify(SERVERS_MODULE)})).${start}(); console.log(server.url); ` +
    // Ends with its parent, even one that dies without closing it.
    "process.stdin.resume(); process.stdin.on('end', () => process.exit(0));";
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: process.env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${start}'s process ended (exit ${code}) before saying where it listens`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((text) => text.startsWith('http'));
      if (line) resolve(line.trim());
    });
  });
  return {
    url,
    close: async () => {
      child.stdin.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
};

/**
 * The same two servers, each in a process of its own, as on AWS, where DynamoDB's and SQS's work
 * is neither the function's nor each other's: the handler's thread pays its own CPU and the round
 * trips, and a send and a write in flight together are served side by side.
 */
const inChildProcesses = async (): Promise<BenchServers> => {
  const [dynamo, sqs] = await Promise.allSettled([serverInChild('startDynamo'), serverInChild('startSqs')]);
  if (dynamo.status === 'rejected' || sqs.status === 'rejected') {
    await Promise.all([dynamo, sqs].map((started) => (started.status === 'fulfilled' ? started.value.close() : undefined)));
    throw dynamo.status === 'rejected' ? dynamo.reason : (sqs as PromiseRejectedResult).reason;
  }
  return { dynamo: dynamo.value.url, sqs: sqs.value.url, close: async () => void (await Promise.all([dynamo.value.close(), sqs.value.close()])) };
};

interface Figures {
  baseline: number[];
  /** The same pair through the functions' own client setup: how much of the gap is the setup, not the handler. */
  tunedBaseline: number[];
  submissions: number[];
  perSecond: number;
  /** CPU ms of this process (all its threads) per submission, sequential run: what the function itself pays. */
  cpuPerSubmission: number;
  cpuPerBaseline: number;
  cpuPerTunedBaseline: number;
}

/**
 * One raw UpdateItem + SendMessage through stock SDK clients, the same through the functions'
 * client setup, and a submission through the public API, in turn `REQUESTS` times, then
 * submissions `CONCURRENCY` at a time.
 */
const measure = async (servers: BenchServers): Promise<Figures> => {
  await ensureTable(servers.dynamo, 'winnow');
  const { queueUrl } = await ensureQueues(servers.sqs);
  const config = readConfig({
    WINNOW_DYNAMODB_ENDPOINT: servers.dynamo,
    WINNOW_SQS_ENDPOINT: servers.sqs,
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

  const raw = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: servers.dynamo, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
  const rawSqs = new SQSClient({ region: 'us-east-1', endpoint: servers.sqs, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const pair = async (i: number) => {
    await raw.send(
      new UpdateCommand({
        TableName: 'winnow',
        Key: { PK: `BENCH#${i}`, SK: 'BENCH' },
        UpdateExpression: 'SET answers = :a',
        ExpressionAttributeValues: { ':a': { email: `lead${i}@example.com`, first_name: 'Bench' } },
      }),
    );
    await rawSqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ kind: 'submission', id: `b${i}`, leadId: `l${i}` }) }));
  };
  // Stock clients pay for the SDK's logging step and rebuild their middleware on every call, which
  // the functions' clients do not: against `pair` alone, that saving would count as the handler's.
  const tunedTable = tableClient(config);
  const tunedSqs = queueClient(awsClientConfig(config, config.WINNOW_SQS_ENDPOINT));
  const tunedPair = async (i: number) => {
    // Attribute values written out, not marshalled in the timed call: the floor is the SDK's call
    // alone, and the store's own marshalling counts against the handler.
    await tunedTable.send(
      new UpdateItemCommand({
        TableName: 'winnow',
        Key: { PK: { S: `BENCH#${i}` }, SK: { S: 'TUNED' } },
        UpdateExpression: 'SET answers = :a',
        ExpressionAttributeValues: { ':a': { M: { email: { S: `lead${i}@example.com` }, first_name: { S: 'Bench' } } } },
      }),
    );
    await tunedSqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ kind: 'submission', id: `t${i}`, leadId: `l${i}` }) }));
  };
  const submit = (i: number) =>
    call(
      event('POST', '/v1/forms/demo-request/submissions', {
        submissionId: `bench-${i}-${randomUUID()}`,
        answers: { email: `lead${i}-${randomUUID()}@example.com`, first_name: 'Bench', company_size: '51-200' },
      }),
    );
  try {
    // Alternated, so a change of the machine's load in the middle weighs on all three alike.
    const baseline = new Sample();
    const tunedBaseline = new Sample();
    const submissions = new Sample();
    for (let i = 0; i < REQUESTS; i += 1) {
      await baseline.time(() => pair(i));
      await tunedBaseline.time(() => tunedPair(i));
      await submissions.time(() => submit(i));
    }

    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONCURRENT_REQUESTS) await submit(REQUESTS + next++);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return {
      baseline: baseline.sorted(),
      tunedBaseline: tunedBaseline.sorted(),
      submissions: submissions.sorted(),
      perSecond: CONCURRENT_REQUESTS / seconds,
      cpuPerSubmission: submissions.cpu / REQUESTS,
      cpuPerBaseline: baseline.cpu / REQUESTS,
      cpuPerTunedBaseline: tunedBaseline.cpu / REQUESTS,
    };
  } finally {
    raw.destroy();
    rawSqs.destroy();
    tunedTable.destroy();
    tunedSqs.destroy();
  }
};

const SETUPS = [
  { name: 'servers on a thread of their own (npm start)', start: npmStartServers },
  { name: "servers on the handler's thread", start: onTheHandlersThread },
  { name: 'servers in child processes (as on AWS)', start: inChildProcesses },
] as const;

/**
 * Submission latency on the local stack against one raw UpdateItem + SendMessage on the same
 * servers, in three setups, each beside its own baseline: dynalite and the SQS server on a thread
 * of their own in the bench's process, as `npm start` runs them; on the handler's thread, as the
 * tests run them (their CPU runs between the handler's calls); and in child processes (as on AWS,
 * where the store's CPU is not the function's), one process each. Also the CPU this process
 * spends per submission and per baseline pair: in the child setup, the function's share of the work.
 * Each baseline pair runs twice, through stock clients (the goal's ratio) and through the
 * functions' own client setup, so a reader sees what the handler costs beyond the setup's saving.
 */
export const captureBench = async (): Promise<void> => {
  // Other work on the machine moves the ratios: the load at both ends says how much to trust a run.
  const loadAtStart = loadavg()[0];
  const rows = [];
  const rates: string[] = [];
  for (const setup of SETUPS) {
    const servers = await setup.start();
    try {
      const { baseline, tunedBaseline, submissions, perSecond, cpuPerSubmission, cpuPerBaseline, cpuPerTunedBaseline } = await measure(servers);
      const row = (task: string, samples: number[], cpu: number) => ({
        setup: setup.name,
        task,
        'median ms': percentile(samples, 50).toFixed(2),
        'p99 ms': percentile(samples, 99).toFixed(2),
        'median vs baseline': `${(percentile(samples, 50) / percentile(baseline, 50)).toFixed(2)}×`,
        'bench CPU ms': cpu.toFixed(2),
        'CPU vs baseline': `${(cpu / cpuPerBaseline).toFixed(2)}×`,
        'median vs tuned': `${(percentile(samples, 50) / percentile(tunedBaseline, 50)).toFixed(2)}×`,
        'CPU vs tuned': `${(cpu / cpuPerTunedBaseline).toFixed(2)}×`,
      });
      rows.push(
        row('baseline: one raw UpdateItem + SendMessage', baseline, cpuPerBaseline),
        row("baseline with the functions' client setup", tunedBaseline, cpuPerTunedBaseline),
        row('POST /v1/forms/demo-request/submissions (new lead)', submissions, cpuPerSubmission),
      );
      rates.push(`${setup.name}: ${CONCURRENT_REQUESTS} submissions with ${CONCURRENCY} concurrent clients, ${Math.round(perSecond)} submissions/s`);
    } finally {
      await servers.close();
    }
  }
  console.log(
    `\ncapture (the handler in this process, dynalite + local SQS, ${REQUESTS} sequential requests each, both baselines and submission in turn; bench CPU = this process's CPU per request, all threads, ` +
      `which in the child setup leaves the servers' work out; 1-minute load average ${loadAtStart?.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end)`,
  );
  console.log(
    "baseline = the pair through stock SDK clients (a document client, an SQSClient); tuned = the same pair, attribute values written out, through the functions' client setup " +
      '(tableClient, queueClient: no logging step, middleware resolved once)',
  );
  console.table(rows);
  for (const rate of rates) console.log(rate);
};
