import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort, requestDemo, removeDir, spawnHost, tempDir, waitFor, waitUntilReady, type HostProcess } from './helpers/local-host-process.js';

const ADMIN_TOKEN = 'e2e-crash-token-0123456789abcdef';

interface LeadView {
  stage: string;
  notifications: { kind: string; channel: string; status: string }[];
}

describe('npm start killed (-9) with a Slack post in flight', { timeout: 120_000 }, () => {
  let slack: FakeSlack;
  let dataDir: string;
  const hosts: HostProcess[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    dataDir = await tempDir('crash');
  });

  afterAll(async () => {
    for (const host of hosts) host.kill();
    await Promise.all(hosts.map((host) => host.exited));
    await Promise.all([slack.close(), removeDir(dataDir)]);
  });

  const start = async (): Promise<HostProcess> => {
    const host = spawnHost({
      port: await freePort(),
      dataDir,
      env: { WINNOW_ADMIN_TOKEN: ADMIN_TOKEN, WINNOW_SES_PORT: '0', WINNOW_SLACK_WEBHOOK_URL: slack.url, POWERTOOLS_LOG_LEVEL: 'INFO' },
    });
    hosts.push(host);
    await waitUntilReady(host);
    return host;
  };
  const leadView = async (host: HostProcess, leadId: string): Promise<LeadView> =>
    (await (await fetch(`${host.baseUrl}/v1/admin/leads/${leadId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as LeadView;

  it('scores the lead after the restart, sends nothing twice, and the job waits out the claim’s lease instead of failing toward the DLQ', async () => {
    // Prepare: a hand-raiser whose Slack post never gets its answer.
    const first = await start();
    const email = `crash.${randomUUID().slice(0, 8)}@acme.example`;
    const next = (await (await fetch(`${first.baseUrl}/v1/forms/demo-request/next`)).json()) as { leadId: string };
    const inFlight = slack.holdNext();
    const submitted = await requestDemo(first.baseUrl, next.leadId, email);
    await inFlight;

    // Act: kill -9 mid-send, then start again on the same data.
    first.kill();
    await first.exited;
    const second = await start();
    await waitFor(second, 'the re-queued job to find the claim busy and wait', async () =>
      second.stdout().includes('the job waits out its lease') ? true : undefined,
    );

    // Assess
    expect(submitted.status).toBe(202);
    const lead = await leadView(second, next.leadId);
    expect(lead.stage).toBe('MQL');
    // A notice's channels, and the team's and the rep's notices, go out at once: the team's email, sent beside the
    // held post, was recorded or was still in flight; the rep's notices may have gone out too.
    const teamNotice = Object.fromEntries(lead.notifications.filter((n) => n.kind === 'qualified').map((n) => [n.channel, n.status]));
    expect(teamNotice.slack).toBe('sending');
    expect(['sent', 'sending']).toContain(teamNotice.email);
    expect(second.stdout() + second.stderr()).not.toMatch(/scoring job failed|dead-letter/);
    // Each notice posted once at most: its text is its subject (the team's, the rep's), the same on a resend.
    const posted = slack.attempts.filter((post) => JSON.stringify(post).includes(email)).map((post) => post.text);
    expect(posted.length).toBeGreaterThan(0);
    expect(new Set(posted).size).toBe(posted.length);
  });
});
