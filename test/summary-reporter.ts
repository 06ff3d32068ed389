import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain `Tests: N passed, N failed` line, the closing line CI reads
 * whatever the runner; vitest's own summary is coloured and spread over several lines.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    // A file whose setup failed fails the run with its tests merely skipped: say so, or the line reads green.
    const brokenFiles = testModules.filter((module) => !module.ok() && ![...module.children.allTests()].some((test) => test.result().state === 'failed')).length;
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
    const broken = brokenFiles ? `, ${brokenFiles} file${brokenFiles === 1 ? '' : 's'} failed outside a test` : '';
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed${skipped}${broken}\n`);
  }
}
