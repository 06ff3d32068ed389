import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort, requestDemo, removeDir, spawnHost, tempDir, waitFor, waitUntilReady, type HostProcess } from './helpers/local-host-process.js';

const ADMIN_TOKEN = 'e2e-crash-token-0123456789abcdef';

interface LeadView {
  stage: string;
  notifications: { channel: string; status: string }[];
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
    expect(Object.fromEntries(lead.notifications.map((n) => [n.channel, n.status]))).toEqual({ email: 'sent', slack: 'sending' });
    expect(second.stdout() + second.stderr()).not.toMatch(/scoring job failed|dead-letter/);
    expect(slack.attempts.filter((post) => JSON.stringify(post).includes(email))).toHaveLength(1);
  });
});
