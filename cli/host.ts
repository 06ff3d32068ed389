/** Everything the CLI takes from the machine it runs on, so a command is a function of its inputs. */
export interface Host {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  fetch: typeof fetch;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export const processHost = (): Host => ({
  cwd: process.cwd(),
  env: process.env,
  now: () => new Date(),
  fetch: globalThis.fetch,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
