import fc from 'fast-check';
import { routes } from './functions/http/routes.js';
import { startLocalStack } from './test/helpers/local-stack.js';
import { AWAITING_LEAD_CHANGES, badRequests, describeFailure, prepareTarget, runFuzz } from './test/fuzz/requests.js';
for (const seed of [11, 12, 13, 14, 15, 16]) {
  const stack = await startLocalStack();
  const target = await prepareTarget(stack);
  const requests = fc.sample(badRequests(routes, target, (key) => AWAITING_LEAD_CHANGES.includes(key)), { numRuns: 10_000, seed });
  const report = await runFuzz(stack, target, requests);
  console.log(`seed ${seed}: ${JSON.stringify(report.total)} failures ${report.failures.length}`);
  for (const f of report.failures.slice(0, 10)) console.log('  ' + describeFailure(f));
  await stack.close();
}
