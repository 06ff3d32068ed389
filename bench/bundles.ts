/**
 * Each Lambda bundle as the CDK stack builds it: its minified and gzipped size, and how long
 * a fresh Node process takes to load it (the module-init part of a cold start, secrets
 * aside). Budgets are printed beside the figures, never asserted.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBundle, ESBUILD_OPTIONS, LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from '../infra/aws/bundling.js';

const SIZE_BUDGET_KB = 200;
const INIT_BUDGET_MS = 50;
const DEFAULT_RUNS = 11;
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

/**
 * Milliseconds from requiring `modules` (as the Lambda runtime requires a CommonJS handler)
 * until the work they started without I/O is done (the handler a bundle builds once its
 * secrets are read: none here), in a fresh process so nothing is cached but what `preloaded`
 * named, required before the clock starts.
 */
const requireOnce = (modules: readonly string[], preloaded: readonly string[] = []): Promise<number> =>
  new Promise((resolve, reject) => {
    const script = `for (const m of ${JSON.stringify(preloaded)}) require(m); const t = performance.now(); for (const m of ${JSON.stringify(modules)}) require(m); setImmediate(() => console.log(performance.now() - t));`;
    const child = spawn(process.execPath, ['-e', script], {
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
      else reject(new Error(`requiring ${modules.join(', ')} failed (exit ${code}): ${err.trim().slice(0, 500)}`));
    });
  });

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** One after another: parallel processes on a small machine would measure each other. */
const medianRequire = async (modules: readonly string[], runs: number, preloaded: readonly string[] = []): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await requireOnce(modules, preloaded));
  return median(samples);
};

const within = (value: number, budget: number) => (value <= budget ? 'within' : 'over');

/**
 * Builds the five bundles, then prints one row per function: its size; its init in a fresh
 * process; the AWS SDK packages it requires, loaded alone (the runtime's code, the same for
 * any handler using those clients); and its own init, with those packages loaded first.
 * `runs` fresh processes per figure.
 */
export const bundlesBench = async ({ runs = DEFAULT_RUNS }: { runs?: number } = {}): Promise<void> => {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const emptyMs = await medianRequire([], runs);
  const rows = [];
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
    const { file, sdk } = await buildBundle(name, join(OUT_DIR, name));
    const code = await readFile(file);
    const kb = code.length / 1024;
    const initMs = await medianRequire([file], runs);
    const sdkMs = await medianRequire(sdk, runs);
    // Measured with the SDK already loaded, rather than as a difference of two noisy medians.
    const ownMs = await medianRequire([file], runs, sdk);
    rows.push({
      function: name,
      'minified KB': kb.toFixed(1),
      'gzip KB': (gzipSync(code).length / 1024).toFixed(1),
      [`≤ ${SIZE_BUDGET_KB} KB`]: within(kb, SIZE_BUDGET_KB),
      'init ms': initMs.toFixed(1),
      [`init ≤ ${INIT_BUDGET_MS}`]: within(initMs, INIT_BUDGET_MS),
      'of which AWS SDK': sdkMs.toFixed(1),
      'own ms': ownMs.toFixed(1),
      [`own ≤ ${INIT_BUDGET_MS}`]: within(ownMs, INIT_BUDGET_MS),
      'SDK packages': sdk.map((p) => p.replace('@aws-sdk/', '')).join(' ') || '(none)',
    });
  }
  console.log(`\nLambda bundles (esbuild ${ESBUILD_OPTIONS.target}, ${ESBUILD_OPTIONS.format}, minified, AWS SDK external; init = median of ${runs} fresh processes; an empty one takes ${emptyMs.toFixed(1)} ms)`);
  console.table(rows);
};
