import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from '../../infra/aws/bundling.js';
import { apiEvent } from '../helpers/http.js';

const BUILD_TIMEOUT_MS = 120_000;
const ADMIN_TOKEN = 'bundle-test-admin-token-0123456789';

/** What the stack gives the functions that read the table, minus the secrets' ARNs (no AWS here). */
const API_ENVIRONMENT = {
  WINNOW_TABLE: 'winnow-bundle-test',
  WINNOW_SCORING_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-bundle-test',
  WINNOW_ADMIN_TOKEN: ADMIN_TOKEN,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bundle-test',
  AWS_SECRET_ACCESS_KEY: 'bundle-test',
};

interface Invocation {
  exported: string;
  result?: { statusCode?: number; headers?: Record<string, string>; body?: string; batchItemFailures?: unknown[] };
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
  const files = {} as Record<LambdaName, string>;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'winnow-bundles-'));
    for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) files[name] = (await buildBundle(name, join(outDir, name))).file;
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('serves the widget and the OpenAPI document from the pages function, with no configuration at all', async () => {
    // Act
    const widget = await run(outDir, files.pages, {}, apiEvent('GET', '/widget.js'));
    const openApi = await run(outDir, files.pages, {}, apiEvent('GET', '/v1/openapi.json'));

    // Assess
    expect(widget.result).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(widget.result?.body).toContain('data-winnow-form');
    expect(openApi.result?.statusCode).toBe(200);
    expect(Object.keys((JSON.parse(openApi.result?.body ?? '{}') as { paths: object }).paths)).toContain('/v1/forms/{formId}/submissions');
  });

  it('answers the health check from the public function, and no admin route there', async () => {
    // Act
    const health = await run(outDir, files.publicApi, API_ENVIRONMENT, apiEvent('GET', '/healthz'));
    const admin = await run(outDir, files.publicApi, API_ENVIRONMENT, apiEvent('GET', '/v1/admin/leads', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));

    // Assess
    expect(health.result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(health.result?.body ?? '{}')).toEqual({ ok: true });
    expect(admin.result?.statusCode).toBe(404);
  });

  it('asks the admin function for the admin token before anything else', async () => {
    // Act
    const refused = await run(outDir, files.adminApi, API_ENVIRONMENT, apiEvent('GET', '/v1/admin/leads', { headers: { authorization: 'Bearer not-the-token' } }));

    // Assess
    expect(refused.result?.statusCode).toBe(401);
  });

  it('runs the scorer over an empty batch, and loads the SLA job', async () => {
    // Act
    const scorer = await run(outDir, files.scorer, API_ENVIRONMENT, { Records: [] });
    const sla = await run(outDir, files.sla, API_ENVIRONMENT);

    // Assess
    expect(scorer.result).toEqual({ batchItemFailures: [] });
    expect(sla.exported).toBe('function');
  });
});
