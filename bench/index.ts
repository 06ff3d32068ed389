/**
 * `npm run bench`: figures and ratios against a baseline measured in the same run.
 * Nothing here passes or fails on time; budgets are read by people, not asserted.
 */
import './environment.js';
import { cpus } from 'node:os';
import type { Bench } from 'tinybench';
import { assignBench } from './assign.js';
import { captureBench } from './capture.js';
import { closedLoopBench } from './closed-loop.js';
import { coreBench } from './core.js';
import { fuzzBench } from './fuzz.js';
import { bundlesBench } from './bundles.js';
import { qualifyBench } from './qualify.js';
import { webhooksBench } from './webhooks.js';
import { widgetBench } from './widget.js';

const report = (bench: Bench): void => {
  const [baseline, ...tasks] = bench.tasks;
  const opsOf = (task: (typeof bench.tasks)[number] | undefined): number =>
    task?.result.state === 'completed' ? 1_000 / task.result.latency.mean : Number.NaN;
  const base = opsOf(baseline);
  console.log(`\n${bench.name}`);
  console.table(
    bench.tasks.map((task) => {
      const ops = opsOf(task);
      return {
        task: task.name,
        'ops/s (mean)': Math.round(ops).toLocaleString('en-US'),
        'µs/op (mean)': (1e6 / ops).toFixed(1),
        'cost vs baseline': task === baseline ? '1.00×' : `${(base / ops).toFixed(2)}×`,
      };
    }),
  );
  for (const task of tasks) {
    if (task.result.state !== 'completed') console.log(`${task.name}: ${task.result.state}`);
  }
};

/** Fastest first; `npm run bench -- widget bundles` runs only those. */
const benches: Record<string, () => Promise<void>> = {
  core: async () => report(await coreBench()),
  widget: widgetBench,
  bundles: () => bundlesBench(),
  capture: captureBench,
  qualify: qualifyBench,
  assign: assignBench,
  'closed-loop': closedLoopBench,
  fuzz: fuzzBench,
  webhooks: webhooksBench,
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`bench: no bench named ${unknown.join(', ')}; choose among ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
for (const [name, run] of Object.entries(benches)) if (chosen.length === 0 || chosen.includes(name)) await run();
