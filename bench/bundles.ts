/**
 * Each Lambda bundle as the CDK stack builds it: its minified and gzipped size, and how long
 * a fresh Node process takes to import it (the module-init part of a cold start, secrets
 * aside). Budgets are printed beside the figures, never asserted.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS, LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from '../infra/aws/bundling.js';

const SIZE_BUDGET_KB = 200;
const INIT_BUDGET_MS = 50;
const DEFAULT_RUNS = 7;
/** Inside the project, so a bundle finds the AWS SDK in node_modules as it finds the runtime's on Lambda. */
const OUT_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'winnow-bundles');

/** What a deployed function's environment holds, minus the secrets' ARNs: importing reaches no network. */
const LAMBDA_ENVIRONMENT = {
  WINNOW_TABLE: 'winnow-bench',
  WINNOW_SCORING_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-bench',
  WINNOW_MAIL_FROM: 'winnow@example.com',
  WINNOW_PUBLIC_URL: 'https://api.example.com',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The same esbuild options `NodejsFunction` turns into its command line (infra/aws/winnow-function.ts). */
const bundle = async (name: LambdaName): Promise<string> => {
  const outfile = join(OUT_DIR, name, 'index.mjs');
  await build({
    entryPoints: [join(PROJECT_ROOT, LAMBDA_ENTRIES[name])],
    bundle: true,
    platform: 'node',
    target: ESBUILD_OPTIONS.target,
    format: ESBUILD_OPTIONS.format,
    minify: ESBUILD_OPTIONS.minify,
    sourcemap: ESBUILD_OPTIONS.sourceMap,
    external: [...ESBUILD_OPTIONS.externalModules],
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    banner: { js: ESBUILD_OPTIONS.banner },
    outfile,
    logLevel: 'error',
  });
  return outfile;
};

/** Milliseconds `imports` took, measured inside a fresh process so nothing is cached. */
const importOnce = (imports: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const script = `const t = performance.now(); ${imports}; console.log(performance.now() - t);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(out.trim().split('\n').at(-1));
      if (code === 0 && Number.isFinite(ms)) resolve(ms);
      else reject(new Error(`${imports} failed (exit ${code}): ${err.trim().slice(0, 500)}`));
    });
  });

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** The AWS SDK clients the handlers construct, loaded as the runtime loads its own copy: unbundled. */
const SDK_PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sqs', '@aws-sdk/client-sesv2', '@aws-sdk/client-secrets-manager'];

/** One after another: parallel processes on a small machine would measure each other. */
const medianImport = async (imports: string, runs: number): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await importOnce(imports));
  return median(samples);
};

/**
 * Builds the four bundles, then prints one row per function, after two baselines measured in
 * the same run: an empty module, and the AWS SDK alone (the part of init that is not ours).
 * `runs` fresh processes per row.
 */
export const bundlesBench = async ({ runs = DEFAULT_RUNS }: { runs?: number } = {}): Promise<void> => {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const baseline = (name: string, ms: number) => ({ function: name, 'minified KB': '', 'gzip KB': '', [`≤ ${SIZE_BUDGET_KB} KB`]: '', 'init ms (median)': ms.toFixed(1), [`≤ ${INIT_BUDGET_MS} ms`]: '' });
  const rows = [
    baseline('(baseline) empty module', await medianImport("await import('data:text/javascript,')", runs)),
    baseline('(baseline) AWS SDK clients', await medianImport(`await Promise.all(${JSON.stringify(SDK_PACKAGES)}.map((p) => import(p)))`, runs)),
  ];
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
    const file = await bundle(name);
    const code = await readFile(file);
    const kb = code.length / 1024;
    const initMs = await medianImport(`await import(${JSON.stringify(pathToFileURL(file).href)})`, runs);
    rows.push({
      function: name,
      'minified KB': kb.toFixed(1),
      'gzip KB': (gzipSync(code).length / 1024).toFixed(1),
      [`≤ ${SIZE_BUDGET_KB} KB`]: kb <= SIZE_BUDGET_KB ? 'within' : 'over',
      'init ms (median)': initMs.toFixed(1),
      [`≤ ${INIT_BUDGET_MS} ms`]: initMs <= INIT_BUDGET_MS ? 'within' : 'over',
    });
  }
  console.log(`\nLambda bundles (esbuild ${ESBUILD_OPTIONS.target}, ${ESBUILD_OPTIONS.format}, minified, AWS SDK external; init = median of ${runs} fresh imports)`);
  console.table(rows);
};
