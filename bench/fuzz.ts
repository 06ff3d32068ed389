import fc from 'fast-check';
import { routes } from '../functions/http/routes/index.js';
import { startLocalStack } from '../test/helpers/local-stack.js';
import { badRequests, describeFailure, prepareTarget, runFuzz, type Tally } from '../test/fuzz/requests.js';

const REQUESTS = Number(process.env.WINNOW_FUZZ_REQUESTS ?? 10_000);
const FAILURES_SHOWN = 20;

const row = (name: string, tally: Tally) => ({ family: name, ...tally });

/**
 * Generated bad requests across every route on the local stack (test/fuzz/requests.ts): how
 * many were tried, refused (4xx), failed
 * (5xx), taken as good (other) and stored or queued something. Figures, not a verdict.
 */
export const fuzzBench = async (): Promise<void> => {
  const stack = await startLocalStack();
  try {
    const target = await prepareTarget(stack);
    const seed = Number(process.env.WINNOW_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const requests = fc.sample(badRequests(routes, target), { numRuns: REQUESTS, seed });
    const started = performance.now();
    const report = await runFuzz(stack, target, requests);
    const seconds = (performance.now() - started) / 1000;

    console.log(`\nfuzz: ${REQUESTS.toLocaleString('en-US')} bad requests across ${routes.length} routes (seed ${seed}), ${seconds.toFixed(1)} s, ${Math.round(REQUESTS / seconds).toLocaleString('en-US')} requests/s`);
    console.table([row('all', report.total)]);
    const families = [...report.byFamily].sort(([a], [b]) => a.localeCompare(b));
    console.log('by family');
    console.table(families.map(([key, tally]) => row(key, tally)));
    const { failures } = report;
    console.log(`${failures.length} failures${failures.length > FAILURES_SHOWN ? ` (the first ${FAILURES_SHOWN})` : ''}`);
    for (const failure of failures.slice(0, FAILURES_SHOWN)) console.log(`  ${describeFailure(failure)}`);
  } finally {
    await stack.close();
  }
};
