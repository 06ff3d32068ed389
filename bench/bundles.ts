/**
 * Each Lambda bundle as the CDK stack builds it: its minified and gzipped size, and how long
 * a fresh Node process takes to load it (the module-init part of a cold start, secrets
 * aside). Budgets are printed beside the figures, never asserted.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
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

/** A fresh Node process with what a deployed function's environment holds, running `script`; answers its last line of output. */
const runFresh = (script: string): Promise<string> =>
  new Promise((resolve, reject) => {
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
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last) resolve(last);
      else reject(new Error(`${script.slice(0, 200)} failed (exit ${code}): ${err.trim().slice(0, 500)}`));
    });
  });

interface Sample {
  /** Wall-clock ms: what a cold start waits, and what a loaded machine stretches. */
  wall: number;
  /**
   * CPU ms the process spent meanwhile, all its threads (V8 compiles and collects on helpers):
   * the work itself, which other processes' load barely moves, so two runs hours apart compare.
   */
  cpu: number;
}

/**
 * From requiring `modules` (as the Lambda runtime requires a CommonJS handler) until the work
 * they started without I/O is done (the handler a bundle builds once its secrets are read: none
 * here), in a fresh process so nothing is cached but what `preloaded` named, required before the
 * clock starts.
 */
const requireOnce = async (modules: readonly string[], preloaded: readonly string[] = []): Promise<Sample> => {
  const script =
    `for (const m of ${JSON.stringify(preloaded)}) require(m); const c = process.cpuUsage(); const t = performance.now(); ` +
    `for (const m of ${JSON.stringify(modules)}) require(m); ` +
    `setImmediate(() => { const { user, system } = process.cpuUsage(c); console.log(JSON.stringify([performance.now() - t, (user + system) / 1000])); });`;
  const [wall, cpu] = JSON.parse(await runFresh(script)) as [number, number];
  if (!Number.isFinite(wall) || !Number.isFinite(cpu)) throw new Error(`requiring ${modules.join(', ')} printed no time`);
  return { wall, cpu };
};

/**
 * Millions of instructions a fresh process runs to require `modules` after `preloaded`, less
 * those of requiring `preloaded` alone, under valgrind's cachegrind: a count that load does not
 * move at all (a percent or two of JIT and GC timing aside). Opt-in (`WINNOW_BENCH_VALGRIND=1`):
 * each process takes 10–30 s under valgrind.
 */
const instructionsOf = async (modules: readonly string[], preloaded: readonly string[]): Promise<number> => {
  const count = (required: readonly string[]) =>
    new Promise<number>((resolve, reject) => {
      const script = `for (const m of ${JSON.stringify(required)}) require(m); setImmediate(() => {});`;
      const child = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '-e', script], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => {
        const refs = /I\s+refs:\s+([\d,]+)/.exec(err)?.[1];
        if (refs) resolve(Number(refs.replaceAll(',', '')) / 1e6);
        else reject(new Error(`valgrind printed no instruction count: ${err.slice(-300)}`));
      });
    });
  return (await count([...preloaded, ...modules])) - (await count(preloaded));
};
const VALGRIND = process.env.WINNOW_BENCH_VALGRIND === '1';

/**
 * Which of the SDK packages a bundle names it requires by the end of its init: the others are
 * required on first use (SES by the first mail, SQS by the first send), from a module the bundle
 * initialises only then, so the bundle's imports alone cannot tell them apart.
 */
const requiredAtInit = async (file: string, sdk: readonly string[]): Promise<string[]> => {
  const script = `require(${JSON.stringify(file)}); setImmediate(() => console.log(JSON.stringify(${JSON.stringify(sdk)}.filter((p) => require.cache[require.resolve(p)]))));`;
  return JSON.parse(await runFresh(script)) as string[];
};

interface Figure {
  median: number;
  min: number;
  max: number;
}

const figureOf = (values: readonly number[]): Figure => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
};

/** One after another: parallel processes on a small machine would measure each other. */
const timeRequire = async (modules: readonly string[], runs: number, preloaded: readonly string[] = []): Promise<{ wall: Figure; cpu: Figure }> => {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await requireOnce(modules, preloaded));
  return { wall: figureOf(samples.map((sample) => sample.wall)), cpu: figureOf(samples.map((sample) => sample.cpu)) };
};

const range = ({ min, max }: Figure) => `${min.toFixed(1)}–${max.toFixed(1)}`;
const short = (packages: readonly string[]) => packages.map((p) => p.replace('@aws-sdk/', '')).join(' ') || '(none)';

const within = (value: number, budget: number) => (value <= budget ? 'within' : 'over');

/**
 * Builds the five bundles, then prints one row per function: its size; its init in a fresh
 * process; the AWS SDK packages it requires at init, loaded alone (the runtime's code, the same
 * for any handler using those clients); and its own init, with those packages loaded first: what
 * the function's code costs, beside the budget, in wall-clock ms and in CPU ms (the figure to
 * compare across runs on a loaded machine), and in instructions when asked. The SDK packages it
 * requires only on first use are listed apart, and weigh on no figure (nor warm the SDK code they
 * share with the others first, so a few per cent of that warm-up counts as own). `runs` fresh
 * processes per figure.
 */
export const bundlesBench = async ({ runs = DEFAULT_RUNS }: { runs?: number } = {}): Promise<void> => {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const empty = await timeRequire([], runs);
  const rows = [];
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
    const { file, sdk } = await buildBundle(name, join(OUT_DIR, name));
    const code = await readFile(file);
    const kb = code.length / 1024;
    const atInit = await requiredAtInit(file, sdk);
    const init = await timeRequire([file], runs);
    const sdkInit = await timeRequire(atInit, runs);
    // Measured with the SDK already loaded, rather than as a difference of two noisy medians.
    const own = await timeRequire([file], runs, atInit);
    rows.push({
      function: name,
      'minified KB': kb.toFixed(1),
      'gzip KB': (gzipSync(code).length / 1024).toFixed(1),
      [`≤ ${SIZE_BUDGET_KB} KB`]: within(kb, SIZE_BUDGET_KB),
      'init ms': init.wall.median.toFixed(1),
      'of which AWS SDK': sdkInit.wall.median.toFixed(1),
      'own ms': own.wall.median.toFixed(1),
      'own min–max': range(own.wall),
      [`own ≤ ${INIT_BUDGET_MS}`]: within(own.wall.median, INIT_BUDGET_MS),
      'own CPU ms': own.cpu.median.toFixed(1),
      'CPU min–max': range(own.cpu),
      [`CPU ≤ ${INIT_BUDGET_MS}`]: within(own.cpu.median, INIT_BUDGET_MS),
      ...(VALGRIND ? { 'own M instr.': (await instructionsOf([file], atInit)).toFixed(0) } : {}),
      'SDK at init': short(atInit),
      'SDK on first use': short(sdk.filter((p) => !atInit.includes(p))),
    });
  }
  console.log(
    `\nLambda bundles (esbuild ${ESBUILD_OPTIONS.target}, ${ESBUILD_OPTIONS.format}, minified, AWS SDK external; init = median of ${runs} fresh processes; ` +
      `own = init with the SDK packages required at init loaded first, in wall-clock ms and in CPU ms of all the process's threads, ` +
      `which load barely moves${VALGRIND ? ', and in millions of instructions (valgrind, one run each)' : ' (WINNOW_BENCH_VALGRIND=1 adds instruction counts)'}; ` +
      `an empty process takes ${empty.wall.median.toFixed(1)} ms; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? Number.NaN).toFixed(1)} at the end, on ${cpus().length} cores)`,
  );
  console.table(rows);
};
