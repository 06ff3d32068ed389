import { afterAll, beforeAll } from 'vitest';
import { freePort, removeDir, spawnHost, tempDir, waitFor, waitUntilReady, type HostProcess } from '../../e2e/helpers/local-host-process.js';

export const ADMIN_TOKEN = 'browser-admin-token-0123456789abcdef';

export interface BrowserHost {
  /** http://127.0.0.1:PORT, where the browser opens the demo and admin pages. */
  base: string;
  process: HostProcess;
  /** The admin API, as the page's own script would call it: GET, or POST with a body unless `method` says otherwise; a 204 answers undefined. */
  admin: <T>(path: string, body?: unknown, method?: 'PUT' | 'DELETE') => Promise<T>;
  /** Polls until `probe` answers something, failing with the host's output to say why. */
  waitFor: <T>(what: string, probe: () => Promise<T | undefined>) => Promise<T>;
}

/** `npm start` as a developer runs it (scorer, mail catcher and all) on a free port, for the file's tests; `env` sets what a developer may. */
export const useLocalHost = (env: Record<string, string> = {}): BrowserHost => {
  let dataDir = '';
  const host = {} as BrowserHost;
  beforeAll(async () => {
    dataDir = await tempDir('browser');
    const port = await freePort();
    const process = spawnHost({ port, dataDir, env: { ...env, WINNOW_ADMIN_TOKEN: ADMIN_TOKEN } });
    Object.assign(host, {
      base: process.baseUrl,
      process,
      admin: async <T>(path: string, body?: unknown, method?: 'PUT' | 'DELETE'): Promise<T> => {
        const response = await fetch(`${process.baseUrl}${path}`, {
          method: method ?? (body === undefined ? 'GET' : 'POST'),
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
        return (response.status === 204 ? undefined : await response.json()) as T;
      },
      waitFor: <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(process, what, probe),
    });
    await waitUntilReady(process);
  }, 60_000);
  afterAll(async () => {
    // Ctrl-C, as a developer stops it: the host drains and closes its servers itself.
    if (host.process) await host.process.interrupt();
    await removeDir(dataDir);
  });
  return host;
};
