import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../functions/adapters/mailer.js';
import { SlackWebhook } from '../../functions/adapters/slack.js';
import type { NotifyDependencies } from '../../functions/app/notify.js';
import { createScorer, type ScorerDependencies } from '../../functions/workers/scorer.js';
import { clientConfig, startSes } from '../../infra/local/servers.js';
import { TEST_LINK_SECRET, apiClient, uniqueIds, type ApiClient, type UniqueIds } from './http.js';
import { publishDefaults, startLocalStack, submitGradeALead, type LocalStack } from './local-stack.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';

export const LINK_SECRET = TEST_LINK_SECRET;
export const PUBLIC_URL = 'https://winnow.test';
export const SALES = 'sales@example.com';
export const SALES_LEAD = 'sales-lead@example.com';

/** An email as aws-ses-v2-local's `/store` keeps it. */
export interface CaughtEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
}

/**
 * The local stack with what notifications need: aws-ses-v2-local as the mail catcher, a
 * fake Slack webhook, a scorer wired to both through the real adapters, and an API that
 * verifies the links the scorer signs.
 */
export interface QualificationStack extends LocalStack {
  slack: FakeSlack;
  /** What the SES catcher holds, oldest first. */
  emails: () => Promise<CaughtEmail[]>;
  notifyDeps: NotifyDependencies;
  /** A scorer over other dependencies (a store that fails, a queue that records) on the same servers. */
  scorerWith: (overrides: Partial<ScorerDependencies>) => ReturnType<typeof createScorer>;
  /** The API, with the link-signing key set. */
  http: ApiClient;
  /** Receives every queued job and runs the scorer once over them, as one batch. */
  /** A visitor who answers the demo-request form so its fit is grade A; answers its leadId. */
  aGradeALead: (email?: string) => Promise<string>;
  ids: UniqueIds;
}

export const startQualificationStack = async (): Promise<QualificationStack> => {
  const stack = await startLocalStack();
  const [ses, slack] = await Promise.all([startSes(), startFakeSlack()]);
  const sesClient = new SESv2Client(clientConfig(ses.url));
  const notifyDeps: NotifyDependencies = {
    store: stack.deps.store,
    mailer: new SesMailer(sesClient, 'winnow@example.com'),
    slack: new SlackWebhook(slack.url),
    now: stack.clock.now,
    publicUrl: PUBLIC_URL,
    linkSecret: LINK_SECRET,
  };
  const scorerWith = (overrides: Partial<ScorerDependencies>) => createScorer({ ...notifyDeps, queue: stack.deps.queue, ...overrides });
  const scorer = scorerWith({});
  const http = apiClient(stack.apiWith({ config: { ...stack.config, WINNOW_LINK_SECRET: LINK_SECRET } }));
  await publishDefaults(stack);
  const ids = uniqueIds();

  const aGradeALead = (email = ids.email()): Promise<string> => submitGradeALead(http, ids, { email });

  return {
    ...stack,
    scorer,
    slack,
    http,
    notifyDeps,
    scorerWith,
    ids,
    aGradeALead,
    emails: async () => {
      const response = await fetch(`${ses.url}/store`);
      return ((await response.json()) as { emails: CaughtEmail[] }).emails;
    },
    scoreQueued: (chosen = scorer) => stack.scoreQueued(chosen),
    close: async () => {
      sesClient.destroy();
      await Promise.all([stack.close(), ses.close(), slack.close()]);
    },
  };
};

/** The accept and reject links a notification carries, as paths on the API (the host is PUBLIC_URL). */
export const linksIn = (text: string): { accept: string; reject: string } => {
  const find = (decision: string): string => {
    const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}(/v1/feedback/[^\\s"<>]*decision=${decision}[^\\s"<>]*)`).exec(text);
    if (!match?.[1]) throw new Error(`no ${decision} link in: ${text}`);
    return match[1].replace(/&amp;/g, '&');
  };
  return { accept: find('accept'), reject: find('reject') };
};
