import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort, requestDemo, removeDir, spawnHost, tempDir, waitFor, waitUntilReady, type HostProcess } from './helpers/local-host-process.js';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

interface CaughtEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}

describe('npm start: a hand-raiser reaches the local inbox and the Slack webhook, and sales accepts it by link', { timeout: 90_000 }, () => {
  let slack: FakeSlack;
  let host: HostProcess;
  let dataDir: string;
  let sesPort: number;

  beforeAll(async () => {
    slack = await startFakeSlack();
    dataDir = await tempDir('notify');
    sesPort = await freePort();
    host = spawnHost({
      port: await freePort(),
      dataDir,
      env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN, WINNOW_SES_PORT: String(sesPort), WINNOW_SLACK_WEBHOOK_URL: slack.url },
    });
    await waitUntilReady(host);
  });

  afterAll(async () => {
    host.kill();
    await host.exited;
    await Promise.all([slack.close(), removeDir(dataDir)]);
  });

  it('emails and posts the qualified lead once to the team and once to its rep, with links that lead back to this host', async () => {
    // Prepare
    const email = `hand.${randomUUID().slice(0, 8)}@acme.example`;
    const next = (await (await fetch(`${host.baseUrl}/v1/forms/demo-request/next`)).json()) as { leadId: string };

    // Act
    const submitted = await requestDemo(host.baseUrl, next.leadId, email);
    const mail = await waitFor(host, 'the notification in the inbox', async () => {
      const { emails } = (await (await fetch(`http://127.0.0.1:${sesPort}/store`)).json()) as { emails: CaughtEmail[] };
      return emails.find((caught) => caught.body.text.includes(email));
    });
    // The team's channel post, and the assigned rep's (a 201+ lead goes to Ana, who has a Slack id).
    const postsAbout = () => slack.delivered.map((post) => JSON.stringify(post)).filter((post) => post.includes(email));
    await waitFor(host, 'the Slack posts', async () => (postsAbout().length >= 2 ? true : undefined));

    // Assess
    expect(submitted.status).toBe(202);
    expect(mail.destination.to.length).toBeGreaterThan(0);
    // The links carry WINNOW_PUBLIC_URL (localhost:PORT by default): the path is what leads back here.
    const accept = /https?:\/\/localhost:\d+(\/v1\/feedback\/\S+decision=accept\S*)/.exec(mail.body.text)?.[1];
    expect(accept).toBeDefined();
    const page = await fetch(`${host.baseUrl}${accept}`);
    expect(page.status).toBe(200);
    const posted = await fetch(`${host.baseUrl}${accept}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(posted.status).toBe(200);
    const lead = (await (await fetch(`${host.baseUrl}/v1/admin/leads/${next.leadId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { stage: string; handRaiser: boolean };
    expect(lead).toMatchObject({ stage: 'SAL', handRaiser: true });
    expect(postsAbout()).toHaveLength(2);
    expect(postsAbout().filter((post) => post.includes('<@U024BE7LH>'))).toHaveLength(1);
  });
});
