import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'vitest';
import { assigningPlaybook, specForm, specPlaybook, specProject, specTeam, teamProject } from './factories.js';
import { linesOf, runWinnow } from './run-winnow.js';

const TOKEN = 'test-admin-token';

interface ReceivedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

type Answer = (request: ReceivedRequest) => { status: number; body: unknown };

/** A stand-in for the admin API on a free port of 127.0.0.1, recording what it was sent. */
const fakeApi = async ({ onTestFinished }: TestContext, answer: Answer): Promise<{ url: string; received: ReceivedRequest[]; server: Server }> => {
  const received: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      };
      received.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
};

const published: Answer = ({ url }) => ({ status: 200, body: { id: url.split('/').at(-1), version: 3 } });

/** SPEC's form and playbook plus a second form, in a temp project removed when the test ends. */
const projectToPublish = async ({ onTestFinished }: TestContext) => {
  const project = await specProject({ 'forms/ebook.json': specForm({ id: 'ebook', title: 'The e-book' }) });
  onTestFinished(project.remove);
  const publish = (apiUrl: string, env: Record<string, string> = { WINNOW_ADMIN_TOKEN: TOKEN }) =>
    runWinnow(['publish', '--api', apiUrl], { cwd: project.dir, env });
  return { project, publish };
};

/** SPEC's team, a playbook assigning to it and two forms using that playbook. */
const teamProjectToPublish = async ({ onTestFinished }: TestContext) => {
  const project = await teamProject({ 'forms/ebook.json': specForm({ id: 'ebook', title: 'The e-book' }) });
  onTestFinished(project.remove);
  return { project, publish: (apiUrl: string) => runWinnow(['publish', '--api', apiUrl], { cwd: project.dir, env: { WINNOW_ADMIN_TOKEN: TOKEN } }) };
};

describe.concurrent('winnow publish', () => {
  it('PUTs every playbook, then every form, with the admin token, and prints each published version', async (context) => {
    const { expect } = context;
    const { publish } = await projectToPublish(context);
    const api = await fakeApi(context, published);

    const run = await publish(`${api.url}/`);

    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /v1/admin/playbooks/default',
      'PUT /v1/admin/forms/demo-request',
      'PUT /v1/admin/forms/ebook',
    ]);
    expect(api.received.every((r) => r.authorization === `Bearer ${TOKEN}` && r.contentType === 'application/json')).toBe(true);
    expect(api.received[0]?.body).toEqual(specPlaybook());
    expect(linesOf(run.stdout)).toEqual(['published playbook default v3', 'published form demo-request v3', 'published form ebook v3']);
    expect(run.code).toBe(0);
  });

  it('stops at the first refusal with one line naming the HTTP status and the server’s message, and exits 1', async (context) => {
    const { expect } = context;
    const { publish } = await projectToPublish(context);
    const api = await fakeApi(context, (request) =>
      request.url.endsWith('/demo-request')
        ? { status: 409, body: { error: { code: 'conflict', message: 'playbook "default" is not published' } } }
        : published(request),
    );

    const run = await publish(api.url);

    expect(api.received).toHaveLength(2);
    expect(linesOf(run.stdout)).toEqual(['published playbook default v3']);
    expect(linesOf(run.stderr)).toEqual(['winnow: publishing form demo-request failed: HTTP 409: playbook "default" is not published']);
    expect(run.code).toBe(1);
  });

  it('prints the field issues of a 400 answer as file: path: message lines', async (context) => {
    const { expect } = context;
    const { publish } = await projectToPublish(context);
    const api = await fakeApi(context, () => ({
      status: 400,
      body: { error: { code: 'bad_request', message: 'invalid playbook', issues: [{ path: 'sla.acceptWithinHours', message: 'must be positive' }] } },
    }));

    const run = await publish(api.url);

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: sla.acceptWithinHours: must be positive']);
    expect(linesOf(run.stderr)).toEqual(['winnow: publishing playbook default failed: HTTP 400: invalid playbook']);
    expect(run.code).toBe(1);
  });

  it('refuses to run without WINNOW_ADMIN_TOKEN, in one line with exit 2, sending nothing', async (context) => {
    const { expect } = context;
    const { publish } = await projectToPublish(context);
    const api = await fakeApi(context, published);

    const run = await publish(api.url, {});

    expect(linesOf(run.stderr)).toEqual(['winnow: publish needs the admin token in WINNOW_ADMIN_TOKEN']);
    expect(api.received).toEqual([]);
    expect(run.code).toBe(2);
  });

  it('publishes nothing when a document is invalid, and prints its problems', async (context) => {
    const { expect } = context;
    const { project, publish } = await projectToPublish(context);
    const api = await fakeApi(context, published);
    await project.write('forms/ebook.json', specForm({ id: 'ebook', playbook: 'enterprise' }));

    const run = await publish(api.url);

    expect(linesOf(run.stdout)).toEqual(['forms/ebook.json: playbook: playbook "enterprise" does not exist (playbooks: default)']);
    expect(linesOf(run.stderr)).toEqual(['1 problem in 1 of 3 files', 'winnow: nothing published: fix the problems above first']);
    expect(api.received).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('PUTs the team before the playbook that assigns to it, and the playbook before its forms', async (context) => {
    const { expect } = context;
    const { publish } = await teamProjectToPublish(context);
    const api = await fakeApi(context, published);

    const run = await publish(api.url);

    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /v1/admin/teams/sales',
      'PUT /v1/admin/playbooks/default',
      'PUT /v1/admin/forms/demo-request',
      'PUT /v1/admin/forms/ebook',
    ]);
    expect(api.received[0]?.body).toEqual(specTeam());
    expect(api.received[1]?.body).toEqual(assigningPlaybook());
    expect(linesOf(run.stdout)).toEqual([
      'published team sales v3',
      'published playbook default v3',
      'published form demo-request v3',
      'published form ebook v3',
    ]);
    expect(run.code).toBe(0);
  });

  it('publishes no playbook when the API refuses its team, printing the team’s issues', async (context) => {
    const { expect } = context;
    const { publish } = await teamProjectToPublish(context);
    const api = await fakeApi(context, (request) =>
      request.url.startsWith('/v1/admin/teams/')
        ? { status: 400, body: { error: { code: 'bad_request', message: 'the team is not valid', issues: [{ path: 'reps.0.email', message: 'must be an email address' }] } } }
        : published(request),
    );

    const run = await publish(api.url);

    expect(api.received.map((r) => r.url)).toEqual(['/v1/admin/teams/sales']);
    expect(linesOf(run.stdout)).toEqual(['teams/sales.json: reps.0.email: must be an email address']);
    expect(linesOf(run.stderr)).toEqual(['winnow: publishing team sales failed: HTTP 400: the team is not valid']);
    expect(run.code).toBe(1);
  });

  it('publishes nothing when a playbook names a team that does not exist', async (context) => {
    const { expect } = context;
    const { project, publish } = await teamProjectToPublish(context);
    const api = await fakeApi(context, published);
    await project.write('playbooks/default.json', assigningPlaybook({ team: 'support' }));

    const run = await publish(api.url);

    expect(linesOf(run.stdout)).toEqual(['playbooks/default.json: team: team "support" does not exist (teams: sales)']);
    expect(linesOf(run.stderr)).toEqual(['1 problem in 1 of 4 files', 'winnow: nothing published: fix the problems above first']);
    expect(api.received).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('says in one line when the API cannot be reached, and exits 1', async (context) => {
    const { expect } = context;
    const { publish } = await projectToPublish(context);
    const closed = await fakeApi(context, published);
    await new Promise((resolve) => closed.server.close(resolve));

    const run = await publish(closed.url);

    expect(linesOf(run.stderr)).toEqual([`winnow: publishing playbook default failed: cannot reach ${closed.url}/v1/admin/playbooks/default: ECONNREFUSED`]);
    expect(run.code).toBe(1);
  });
});
