import { createServer } from 'node:http';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiEvent } from '../../infra/local/api-event.js';
import { httpBridge } from '../../infra/local/http-bridge.js';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import { listen } from '../../infra/local/listen.js';
import { ADMIN_TOKEN, uniqueIds } from '../helpers/http.js';
import { publishDefaults, startLocalStack, submitGradeALead, type LocalStack } from '../helpers/local-stack.js';
import { linesOf, runWinnow } from './run-winnow.js';

/** The local stack's API on a real port, as `npm start` serves it, with pages small enough to need several. */
const serveOverHttp = async (stack: LocalStack, exportPageBytes: number) => {
  const api = stack.apiWith({ exportPageBytes });
  const server = createServer(
    httpBridge({
      target: () => ({ invoke: (request) => api(toApiEvent(request), lambdaContext('winnow-api', 30_000)) }),
      onError: (line) => {
        throw new Error(line);
      },
    }),
  );
  const port = await listen(server, 0, '127.0.0.1', 'PORT');
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

describe('winnow export (local stack over HTTP)', () => {
  let stack: LocalStack;
  let served: Awaited<ReturnType<typeof serveOverHttp>>;
  const leadIds: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    const ids = uniqueIds();
    for (let i = 0; i < 12; i += 1) leadIds.push(await submitGradeALead(stack.http, ids));
    await stack.scoreQueued();
    served = await serveOverHttp(stack, 700);
  });

  afterAll(async () => {
    await served?.close();
    await stack?.close();
  });

  it('follows every page, writes the header once and every lead once, and reports each page on stderr', async () => {
    // Act
    const run = await runWinnow(['export', '--api', served.url, '--stage', 'MQL'], { env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN } });

    // Assess
    expect(run.stderr).not.toMatch(/^winnow:/m);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^leadId,email,/gm)).toHaveLength(1);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.leadId).sort()).toEqual([...leadIds].sort());
    expect(rows.every((row) => row.stage === 'MQL' && row.email?.endsWith('@example.com') === true)).toBe(true);
    // Not a terminal: one progress line per page, the last one without an ellipsis.
    const progress = linesOf(run.stderr);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(`exported 12 leads (page ${progress.length})`);
  });

  it('ends with one winnow: line and exit 1 when the API refuses the token', async () => {
    // Act
    const run = await runWinnow(['export', '--api', served.url], { env: { WINNOW_ADMIN_TOKEN: 'wrong-token' } });

    // Assess
    expect(run.stdout).toBe('');
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^winnow: export failed after 0 leads: HTTP 401: /)]);
    expect(run.code).toBe(1);
  });

  it.each([
    [['export'], 'winnow: export needs --api URL (see winnow export --help)'],
    [['export', '--api', 'http://127.0.0.1:1', '--stage', 'hot'], /^winnow: --stage: /],
    [['export', '--api', 'http://127.0.0.1:1', '--from', 'yesterday'], /^winnow: --from: /],
  ])('refuses %j before any request, with exit 2', async (args, message) => {
    // Act
    const run = await runWinnow(args, { env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN } });

    // Assess
    expect(linesOf(run.stderr)).toEqual([typeof message === 'string' ? message : expect.stringMatching(message)]);
    expect(run.code).toBe(2);
  });
});
