import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from '../../infra/aws/bundling.js';
import { resolveLead } from '../../functions/app/leads.js';
import { apiEvent } from '../helpers/http.js';
import { publishDefaults, sqsEvent, startLocalStack, type LocalStack } from '../helpers/local-stack.js';
import { aWinnowApp } from './synth.js';

const BUILD_TIMEOUT_MS = 120_000;
const ADMIN_TOKEN = 'bundle-test-admin-token-0123456789';

/** What the stack gives the functions, pointed at the local servers instead (no secrets' ARNs: no AWS here). */
const environmentOf = (stack: LocalStack): Record<string, string> => ({
  WINNOW_TABLE: stack.config.WINNOW_TABLE,
  WINNOW_SCORING_QUEUE_URL: stack.config.WINNOW_SCORING_QUEUE_URL,
  WINNOW_DYNAMODB_ENDPOINT: stack.config.WINNOW_DYNAMODB_ENDPOINT ?? '',
  WINNOW_SQS_ENDPOINT: stack.config.WINNOW_SQS_ENDPOINT ?? '',
  // Nothing listens there: a notification attempt would fail the job, and the test with it.
  WINNOW_SES_ENDPOINT: 'http://127.0.0.1:9',
  WINNOW_ADMIN_TOKEN: ADMIN_TOKEN,
  WINNOW_LINK_SECRET: stack.config.WINNOW_LINK_SECRET ?? '',
  AWS_REGION: 'us-east-1',
});

interface Invocation {
  exported: string;
  result?: { statusCode?: number; headers?: Record<string, string>; body?: string; batchItemFailures?: unknown[]; escalated?: number; failed?: number };
}

/**
 * Requires a bundle in a fresh Node process, as the Lambda runtime requires a CommonJS handler,
 * and calls its handler with `event` (or only reports what it exports, without one).
 */
const run = (outDir: string, file: string, env: Record<string, string>, event?: unknown): Promise<Invocation> =>
  new Promise((resolve, reject) => {
    const script = `
      const exported = require(${JSON.stringify(file)});
      const context = { functionName: 'bundle-test', awsRequestId: 'request-id', getRemainingTimeInMillis: () => 30000 };
      const event = ${JSON.stringify(event ?? null)};
      const report = (result) => process.stdout.write(JSON.stringify({ exported: typeof exported.handler, result }));
      if (event === null) report(undefined); else exported.handler(event, context).then(report);`;
    // The runtime offers its AWS SDK through NODE_PATH; here the project's copy stands in for it.
    const runtime = { PATH: process.env.PATH ?? '', NODE_PATH: join(PROJECT_ROOT, 'node_modules'), POWERTOOLS_LOG_LEVEL: 'SILENT' };
    const child = spawn(process.execPath, ['-e', script], { cwd: outDir, env: { ...runtime, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Invocation) : reject(new Error(`exit ${code}: ${err.slice(0, 800)}`))));
  });

describe('the Lambda bundles, built as cdk synth builds them and loaded as the runtime loads them', () => {
  let outDir: string;
  let stack: LocalStack;
  let env: Record<string, string>;
  const bundles = {} as Record<LambdaName, { file: string; sdk: string[] }>;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'winnow-bundles-'));
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) bundles[name] = await buildBundle(name, join(outDir, name));
    stack = await startLocalStack();
    await publishDefaults(stack);
    env = environmentOf(stack);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await stack.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('are byte for byte what cdk synth bundles, so the bench and these tests measure what deploys', async () => {
    // Prepare
    const cdkOut = join(outDir, 'cdk.out');
    const { app } = aWinnowApp({ 'aws:cdk:bundling-stacks': ['**'] }, cdkOut);

    // Act
    app.synth();
    const assets = (await readdir(cdkOut)).filter((entry) => entry.startsWith('asset.'));
    const synthesized = await Promise.all(assets.map((asset) => readFile(join(cdkOut, asset, 'index.js'), 'utf8')));

    // Assess
    const built = await Promise.all(Object.values(bundles).map(({ file }) => readFile(file, 'utf8')));
    expect(synthesized.sort()).toEqual(built.sort());
  }, BUILD_TIMEOUT_MS);

  it('leaves the AWS SDK to the runtime, and only the functions that notify load SES', () => {
    // Assess
    expect(bundles.pages.sdk).toEqual([]);
    for (const name of ['publicApi', 'adminApi'] as const) expect(bundles[name].sdk).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/client-secrets-manager', '@aws-sdk/client-sqs', '@aws-sdk/util-dynamodb']);
    for (const name of ['scorer', 'sla'] as const) expect(bundles[name].sdk).toContain('@aws-sdk/client-sesv2');
  });

  it('serves the widget and the OpenAPI document from the pages function, with no configuration at all', async () => {
    // Act
    const widget = await run(outDir, bundles.pages.file, {}, apiEvent('GET', '/widget.js'));
    const openApi = await run(outDir, bundles.pages.file, {}, apiEvent('GET', '/v1/openapi.json'));

    // Assess
    expect(widget.result).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(widget.result?.body).toContain('data-winnow-form');
    expect(openApi.result?.statusCode).toBe(200);
    expect(Object.keys((JSON.parse(openApi.result?.body ?? '{}') as { paths: object }).paths)).toContain('/v1/forms/{formId}/submissions');
  });

  it('takes a step through the public function and scores it through the scorer, on the local DynamoDB and SQS', async () => {
    // Prepare
    const origin = { origin: 'https://www.example.com' };
    const next = await run(outDir, bundles.publicApi.file, env, apiEvent('GET', '/v1/forms/demo-request/next', { headers: origin }));
    const { leadId } = JSON.parse(next.result?.body ?? '{}') as { leadId: string };
    const answers = { email: 'bundle@acme.example', company_size: '51-200' };

    // Act
    const submitted = await run(outDir, bundles.publicApi.file, env, apiEvent('POST', '/v1/forms/demo-request/submissions', { headers: origin, body: { leadId, submissionId: randomUUID(), answers } }));
    const jobs = await stack.drainQueue();
    const scored = await run(outDir, bundles.scorer.file, env, sqsEvent(jobs));

    // Assess
    expect(next.result?.statusCode).toBe(200);
    expect(submitted.result?.statusCode, submitted.result?.body).toBe(202);
    expect(jobs).toHaveLength(1);
    expect(scored.result).toEqual({ batchItemFailures: [] });
    expect((await resolveLead(stack.deps.store, leadId))?.score?.fit.points).toBeGreaterThan(0);
  });

  it('answers the health check from the public function, and no admin route there', async () => {
    // Act
    const health = await run(outDir, bundles.publicApi.file, env, apiEvent('GET', '/healthz'));
    const admin = await run(outDir, bundles.publicApi.file, env, apiEvent('GET', '/v1/admin/leads', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));

    // Assess
    expect(health.result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(health.result?.body ?? '{}')).toEqual({ ok: true });
    expect(admin.result?.statusCode).toBe(404);
  });

  it('lists leads from the admin function with the admin token, and refuses a wrong one', async () => {
    // Act
    const listed = await run(outDir, bundles.adminApi.file, env, apiEvent('GET', '/v1/admin/leads', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, query: { stage: 'MQL' } }));
    const refused = await run(outDir, bundles.adminApi.file, env, apiEvent('GET', '/v1/admin/leads', { headers: { authorization: 'Bearer not-the-token' } }));

    // Assess
    expect(listed.result?.statusCode).toBe(200);
    expect(refused.result?.statusCode).toBe(401);
  });

  it('runs the SLA check over the table', async () => {
    // Act
    const sla = await run(outDir, bundles.sla.file, env, { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });

    // Assess
    expect(sla.exported).toBe('function');
    expect(sla.result).toMatchObject({ escalated: 0, failed: 0 });
  });
});
