import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOCAL_VARIABLES } from '../../../infra/local/local-settings.js';

/** The repository root: where `npm start` runs and where the example documents live. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_SCRIPT = join(ROOT, 'infra/local/start.ts');
/** tsx as a loader inside one node process: the tsx CLI's own signal relay gives its child 30 ms to answer, then SIGKILLs it. */
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface HostOptions {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  /**
   * `node` (default): the start script in one process, so its exit code is the host's own.
   * `npm`: `npm start` as a user types it; on Ctrl-C npm ends by re-raising SIGINT, whatever
   * its script's exit code.
   */
  via?: 'npm' | 'node';
  cwd?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HostProcess {
  baseUrl: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** Ctrl-C as a terminal sends it: SIGINT to the whole process group. */
  interrupt: () => Promise<Exit>;
  /** For cleanup after a failure: SIGKILL to the group, if it still runs. */
  kill: () => void;
  running: () => boolean;
}

export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
};

export const tempDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), `winnow-${prefix}-`));

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

const hostEnvironment = ({ port, dataDir, env = {} }: HostOptions): NodeJS.ProcessEnv => {
  // A developer's own variables must not steer a test's host.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !LOCAL_VARIABLES.includes(name)));
  // WINNOW_SES_PORT 0: hosts of tests running side by side must not fight over PORT + 1.
  return { ...inherited, PORT: String(port), WINNOW_DATA_DIR: dataDir, WINNOW_SES_PORT: '0', ...env };
};

const spawnCommand = (options: HostOptions): ChildProcess => {
  const common: SpawnOptions = { cwd: options.cwd ?? ROOT, env: hostEnvironment(options), detached: true, stdio: ['ignore', 'pipe', 'pipe'] };
  return options.via === 'npm' ? spawn('npm', ['start', '--silent'], common) : spawn(process.execPath, ['--import', TSX_LOADER, START_SCRIPT], common);
};

/** Starts a host in its own process group, so stopping it reaches npm, tsx and node alike. */
export const spawnHost = (options: HostOptions): HostProcess => {
  const child = spawnCommand(options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let running = true;
  void exited.then(() => (running = false));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (running && child.pid !== undefined) process.kill(-child.pid, signal);
  };
  return {
    baseUrl: `http://127.0.0.1:${options.port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    interrupt: () => {
      signalGroup('SIGINT');
      return exited;
    },
    kill: () => signalGroup('SIGKILL'),
    running: () => running,
  };
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` answers something, or fails with the host's own output to say why. */
export const waitFor = async <T>(host: HostProcess, what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && host.running()) {
    const answer = await probe().catch(() => undefined);
    if (answer !== undefined) return answer;
    await pause(150);
  }
  throw new Error(`${host.running() ? 'timed out' : 'the host exited'} waiting for ${what}\nstdout:\n${host.stdout()}\nstderr:\n${host.stderr()}`);
};

/** Ready means the banner is out (it follows the last start-up step) and the API answers. */
export const waitUntilReady = async (host: HostProcess): Promise<void> => {
  await waitFor(host, 'the start-up banner', async () => (host.stdout().includes('Ctrl-C stops it.') ? true : undefined));
  await waitFor(host, `${host.baseUrl}/healthz`, async () => ((await fetch(`${host.baseUrl}/healthz`)).ok ? true : undefined));
};

/**
 * Answers every step of the demo-request form, one submission per step: a hand-raiser's
 * notice waits for the form's last step, so a test that wants the notice must finish the form.
 * Resolves with the last step's answer once every step was accepted.
 */
export const requestDemo = async (baseUrl: string, leadId: string, email: string): Promise<Response> => {
  const steps = [
    { email, first_name: 'Ada', company_size: '201+' },
    { role: 'decision_maker', timeframe: '3m', budget: 50_000 },
    { phone: '+1 555 0100', message: 'A demo for our sales team, please.' },
  ];
  const answers: Response[] = [];
  for (const step of steps) {
    const answer = await fetch(`${baseUrl}/v1/forms/demo-request/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId, submissionId: randomUUID(), answers: step }),
    });
    if (answer.status !== 202) throw new Error(`step ${JSON.stringify(step)} answered ${answer.status}: ${await answer.text()}`);
    answers.push(answer);
  }
  return answers[answers.length - 1] as Response;
};
