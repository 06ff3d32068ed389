/**
 * How each Lambda function is bundled: one source of truth for the stack's `NodejsFunction`s
 * and for `bench/bundles.ts`, which builds the very same bundles to measure them.
 */

import { fileURLToPath } from 'node:url';

/** The repository root, where package-lock.json and the entry files are. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The four functions and their entry files, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  publicApi: 'functions/http/public-api.ts',
  adminApi: 'functions/http/admin-api.ts',
  scorer: 'functions/workers/scorer-handler.ts',
  sla: 'functions/workers/sla-handler.ts',
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;

export const ESBUILD_OPTIONS = {
  /** The Lambda runtime is nodejs24.x (cdk-nag wants the newest). */
  target: 'node24',
  /** ESM, so the entry points can read their secrets with a top-level await at init. */
  format: 'esm',
  minify: true,
  sourceMap: false,
  /** The runtime ships the AWS SDK v3; leaving it out keeps each bundle a fraction of its size. */
  externalModules: ['@aws-sdk/*'],
  /** Prefer packages' ES module builds, which tree-shake. */
  mainFields: ['module', 'main'],
  /** A bundled CommonJS module may still call `require` (node built-ins); ESM has none unless made. */
  banner: "import { createRequire as __winnowCreateRequire } from 'node:module'; const require = __winnowCreateRequire(import.meta.url);",
} as const;
