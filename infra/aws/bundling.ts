/**
 * How each Lambda function is bundled: one source of truth for the stack's `NodejsFunction`s
 * and for `bench/bundles.ts`, which builds the very same bundles to measure them.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root, where package-lock.json and the entry files are. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The six functions and their entry files, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  publicApi: 'functions/http/lambda/public.ts',
  adminApi: 'functions/http/lambda/admin.ts',
  pages: 'functions/http/lambda/pages.ts',
  scorer: 'functions/workers/scorer-handler.ts',
  sla: 'functions/workers/sla-handler.ts',
  webhooks: 'functions/workers/webhook-deliverer-handler.ts',
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;

export const ESBUILD_OPTIONS = {
  /** The Lambda runtime is nodejs24.x (cdk-nag wants the newest). */
  target: 'node24',
  /**
   * CommonJS: Node loads the runtime's AWS SDK (itself CommonJS) by `require` in about half the
   * time an ES module's `import` takes, which first scans each package for its export names.
   */
  format: OutputFormat.CJS,
  minify: true,
  sourceMap: false,
  /** The runtime ships the AWS SDK v3; leaving it out keeps each bundle a fraction of its size. */
  externalModules: ['@aws-sdk/*'],
  /** Prefer packages' ES module builds, which tree-shake. */
  mainFields: ['module', 'main'],
} as const;

/**
 * One function's bundle as `NodejsFunction` builds it (the same esbuild options, which it turns
 * into a command line), written to `outDir/index.js`, with the AWS SDK packages it leaves to
 * the runtime. For the bench and the tests; `cdk synth` builds its own.
 */
export const buildBundle = async (name: LambdaName, outDir: string): Promise<{ file: string; sdk: string[] }> => {
  const { build } = await import('esbuild');
  const file = join(outDir, 'index.js');
  const { metafile } = await build({
    entryPoints: [join(PROJECT_ROOT, LAMBDA_ENTRIES[name])],
    bundle: true,
    platform: 'node',
    target: ESBUILD_OPTIONS.target,
    format: ESBUILD_OPTIONS.format,
    minify: ESBUILD_OPTIONS.minify,
    sourcemap: ESBUILD_OPTIONS.sourceMap,
    external: [...ESBUILD_OPTIONS.externalModules],
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    outfile: file,
    metafile: true,
    logLevel: 'error',
  });
  // As on Lambda, where no package.json says otherwise: the bundle is CommonJS.
  await writeFile(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  const sdk = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path));
  return { file, sdk: [...new Set(sdk)].sort() };
};
