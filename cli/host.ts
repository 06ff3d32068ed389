/** Everything the CLI takes from the machine it runs on, so a command is a function of its inputs. */
export interface Host {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  fetch: typeof fetch;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Output as is, no newline added: a CSV's records end in CRLF of their own. */
  write: (chunk: string) => void;
  /** A progress line on stderr: rewritten in place on a terminal, one line each otherwise (a CI log). */
  progress: (line: string) => void;
  /** Ends the progress line (a terminal's cursor is left after it); nothing otherwise. */
  progressDone: () => void;
}

export const processHost = (): Host => ({
  cwd: process.cwd(),
  env: process.env,
  now: () => new Date(),
  fetch: globalThis.fetch,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  write: (chunk) => process.stdout.write(chunk),
  // \r back to the line's start, ESC[K erases what a longer earlier line left behind.
  progress: (line) => process.stderr.write(process.stderr.isTTY ? `\r${line}\u001b[K` : `${line}\n`),
  progressDone: () => {
    if (process.stderr.isTTY) process.stderr.write('\n');
  },
});
