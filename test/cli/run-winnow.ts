import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: where `npx winnow` runs and where the example documents live. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../cli/winnow.mjs', import.meta.url));

export interface WinnowRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** Runs the real bin in a child process, as a user's shell would; never rejects on a non-zero exit. */
export const runWinnow = (args: readonly string[], options: RunOptions = {}): Promise<WinnowRun> =>
  new Promise((resolve, reject) => {
    // The developer's own token must not leak into a test that expects none.
    const env = { ...process.env, WINNOW_ADMIN_TOKEN: undefined, ...options.env };
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, timeout: 50_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });

/** Lines of an output, without the final newline's empty string. */
export const linesOf = (output: string): string[] => (output === '' ? [] : output.replace(/\n$/, '').split('\n'));
