import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, freePort, removeDir, spawnHost, tempDir, waitFor, waitUntilReady, type HostOptions, type HostProcess } from './helpers/local-host-process.js';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

interface Lead {
  leadId: string;
  answers: Record<string, unknown>;
  fit: { points: number; grade: string };
  scoredAt: string | null;
}

interface Next {
  leadId: string;
  questions: { id: string }[];
  complete: boolean;
}

const hosts: HostProcess[] = [];
const dirs: string[] = [];

const start = (options: HostOptions): HostProcess => {
  const host = spawnHost(options);
  hosts.push(host);
  return host;
};

afterAll(async () => {
  for (const host of hosts) host.kill();
  await Promise.all(hosts.map((host) => host.exited));
  await Promise.all(dirs.map(removeDir));
});

const newDir = async (prefix: string): Promise<string> => {
  const dir = await tempDir(prefix);
  dirs.push(dir);
  return dir;
};

const call = async <T>(host: HostProcess, path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${host.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

const submit = (host: HostProcess, leadId: string, answers: Record<string, unknown>) =>
  call<{ leadId: string; next: { questions: { id: string }[] } }>(host, '/v1/forms/demo-request/submissions', {
    method: 'POST',
    body: { leadId, submissionId: randomUUID(), answers },
  });

const readLead = async (host: HostProcess, leadId: string, token: string): Promise<Lead> => (await call<Lead>(host, `/v1/admin/leads/${leadId}`, { token })).body;

/** The scorer runs behind the queue: wait until it has scored the lead (again, when it had a `previous` score). */
const scoredLead = (host: HostProcess, leadId: string, token: string, previous: string | null): Promise<Lead> =>
  waitFor(host, `lead ${leadId} to be scored`, async () => {
    const lead = await readLead(host, leadId, token);
    return lead.scoredAt !== null && (previous === null || lead.scoredAt > previous) ? lead : undefined;
  });

const tokenIn = (banner: string): string | undefined => /Admin token\s+(\S+)/.exec(banner)?.[1];

const idsOf = (questions: { id: string }[]) => questions.map((q) => q.id);

describe('npm start: a lead walks demo-request over HTTP, is scored, and survives a restart', { timeout: 90_000 }, () => {
  let dataDir: string;
  let port: number;
  let host: HostProcess;
  let leadId: string;
  let scored: Lead;

  it('serves the API once started', async () => {
    dataDir = await newDir('walk');
    port = await freePort();
    host = start({ port, dataDir, env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN } });

    await waitUntilReady(host);

    expect(host.stdout()).toContain(`/v1/forms/demo-request/next`);
    expect(host.stdout()).toMatch(/published team sales v1, playbook default v1, form demo-request v1/);
  });

  it('asks the next questions after each accepted step and scores the lead from its answers', async () => {
    const first = await call<Next>(host, '/v1/forms/demo-request/next');
    leadId = first.body.leadId;
    expect(idsOf(first.body.questions)).toEqual(['email', 'first_name', 'company_size']);

    const step1 = await submit(host, leadId, { email: 'jane@acme.example', first_name: 'Jane', company_size: '201+' });
    expect(step1.status).toBe(202);
    // One step scored before the next is sent, so the next score seen is the second step's.
    const afterStep1 = await scoredLead(host, leadId, ADMIN_TOKEN, null);
    const second = await call<Next>(host, `/v1/forms/demo-request/next?leadId=${leadId}`);
    expect(idsOf(second.body.questions)).toEqual(['role', 'timeframe', 'budget']);
    const step2 = await submit(host, leadId, { role: 'decision_maker', timeframe: '3m', budget: 60_000 });
    expect(step2.status).toBe(202);

    scored = await scoredLead(host, leadId, ADMIN_TOKEN, afterStep1.scoredAt);

    // profile 201+ (3) + authority decision_maker (3) + timeframe 3m (3) + budget ≥ 50,000 (3)
    expect(scored.fit).toMatchObject({ points: 12, grade: 'B' });
  });

  it('serves its own pages at / and /admin and answers other paths from the API in the SPEC error shape', async () => {
    const demo = await fetch(`${host.baseUrl}/`);
    const admin = await fetch(`${host.baseUrl}/admin`);
    const unknown = await call<{ error: { code: string } }>(host, '/nowhere');

    expect(demo.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await demo.text()).toContain('/v1/openapi.json');
    expect(admin.status).toBe(200);
    expect(unknown).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'not_found' }) } });
  });

  it('answers an uptime monitor’s HEAD on the health check and the widget with headers only', async () => {
    const health = await fetch(`${host.baseUrl}/healthz`, { method: 'HEAD' });
    const widget = await fetch(`${host.baseUrl}/widget.js`, { method: 'HEAD' });

    expect(health.status).toBe(200);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(widget.headers.get('etag')).toBeTruthy();
    expect(await widget.text()).toBe('');
    const got = await fetch(`${host.baseUrl}/widget.js`);
    expect(widget.headers.get('content-length')).toBe(got.headers.get('content-length'));
    expect(Number(widget.headers.get('content-length'))).toBeGreaterThan(1000);
  });

  it('passes a browser preflight on to the API, which answers with the form CORS headers', async () => {
    const preflight = await fetch(`${host.baseUrl}/v1/forms/demo-request/submissions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('refuses a body over 1 MiB before reading it whole', async () => {
    const huge = await fetch(`${host.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });

    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('stops on Ctrl-C with exit code 0', async () => {
    expect(await host.interrupt()).toEqual({ code: 0, signal: null });
    expect(host.stderr()).toContain('winnow: stopped');
  });

  it('keeps the lead after a restart on the same data dir, without publishing the examples again', async () => {
    host = start({ port, dataDir, env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN } });
    await waitUntilReady(host);

    expect(await readLead(host, leadId, ADMIN_TOKEN)).toMatchObject({ answers: scored.answers, fit: scored.fit, scoredAt: expect.any(String) });
    expect(host.stdout()).toMatch(/5 documents unchanged/);
    expect((await call<{ version: number }>(host, '/v1/admin/forms/demo-request', { token: ADMIN_TOKEN })).body.version).toBe(1);
    expect((await host.interrupt()).code).toBe(0);
  });
});

describe('npm start: nothing stored is lost with the in-memory queue', { timeout: 90_000 }, () => {
  it('scores after a restart a submission stored while the scorer was off, and keeps the generated token', async () => {
    const dataDir = await newDir('requeue');
    const port = await freePort();
    const first = start({ port, dataDir, env: { WINNOW_SCORER: 'off' }, via: 'npm' });
    await waitUntilReady(first);
    const token = tokenIn(first.stdout()) ?? '';
    const { body: next } = await call<Next>(first, '/v1/forms/demo-request/next');
    await submit(first, next.leadId, { email: 'sam@acme.example', first_name: 'Sam', company_size: '51-200' });
    expect((await readLead(first, next.leadId, token)).scoredAt).toBeNull();
    await first.interrupt();

    const second = start({ port, dataDir });
    await waitUntilReady(second);

    expect(second.stdout()).toMatch(/Re-queued\s+1 unscored submission or event/);
    expect(tokenIn(second.stdout())).toBe(token);
    expect((await scoredLead(second, next.leadId, token, null)).fit).toMatchObject({ points: 3 });
    expect((await second.interrupt()).code).toBe(0);
  });
});

describe('npm start: a failed start is one line and exit code 1', { timeout: 90_000 }, () => {
  let occupied: Server | undefined;

  afterAll(() => occupied?.close());

  it('names the port in use and the variable that moves it', async () => {
    const port = await freePort();
    occupied = createServer().listen(port, '127.0.0.1');
    const host = start({ port, dataDir: await newDir('busy') });

    expect((await host.exited).code).toBe(1);
    expect(host.stderr()).toBe(`winnow: port ${port} is in use; set PORT to another\n`);
  });

  it('names the broken example file and its problem before taking any port or data dir', async () => {
    const project = await newDir('broken');
    const dataDir = join(project, '.winnow');
    await mkdir(join(project, 'playbooks'));
    await mkdir(join(project, 'forms'));
    await copyFile(join(ROOT, 'playbooks/default.json'), join(project, 'playbooks/default.json'));
    await writeFile(join(project, 'forms/broken.json'), JSON.stringify({ id: 'broken', title: 'Broken', playbook: 'default', questions: [] }));
    const host = start({ port: await freePort(), dataDir, cwd: project });

    expect((await host.exited).code).toBe(1);
    expect(host.stderr()).toMatch(/^winnow: forms\/broken\.json: questions: [^\n]+\n$/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
