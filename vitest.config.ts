import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Tests never fail on wall-clock time: these only stop a test that hangs. On 2 busy cores a
    // CLI run or a local host start can take seconds, which vitest's 5 s default turned into failures.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // Node 20 is supported here until the SDK drops it; the warning would bury test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Set before the logger is built: Powertools puts each invocation back to its initial level.
      POWERTOOLS_LOG_LEVEL: process.env.WINNOW_TEST_LOG_LEVEL ?? 'SILENT',
    },
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts', 'cli/**/*.ts'],
      reporter: ['text-summary', 'html'],
      thresholds: {
        // The domain core carries every rule of the SPEC: keep it exhaustively tested.
        'functions/core/**/*.ts': { branches: 95, lines: 95, functions: 95, statements: 95 },
      },
    },
  },
});
