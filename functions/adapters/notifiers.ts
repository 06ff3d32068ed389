import { onFirstUse } from '../core/once.js';
import { awsClientConfig } from './clients.js';
import type { Config } from './config.js';
import type { Mail, Mailer } from './mailer.js';
import { SlackWebhook, type Slack } from './slack.js';

/**
 * How sales is told: only the scorer and the SLA job notify, so only their bundles carry the
 * SES client, and the API functions start without it.
 */
export interface Notifiers {
  mailer: Mailer;
  /** Absent when no webhook is configured: Slack notifications are then recorded as skipped. */
  slack?: Slack;
}

/**
 * SES, loaded by the first mail: most scoring jobs and most SLA runs send none, so neither
 * function loads it at init. As for the queue (see clients.ts), `load` imports mailer.ts, which
 * the bundle turns into a `require` of the SDK on first use.
 */
class MailerOnFirstSend implements Mailer {
  private readonly mailer: () => Promise<Mailer>;

  constructor(load: () => Promise<Mailer>) {
    this.mailer = onFirstUse(load);
  }

  async send(mail: Mail): Promise<string> {
    return (await this.mailer()).send(mail);
  }
}

export const createNotifiers = (config: Config): Notifiers => ({
  mailer: new MailerOnFirstSend(async () => (await import('./mailer.js')).sesMailer(awsClientConfig(config, config.WINNOW_SES_ENDPOINT), config.WINNOW_MAIL_FROM)),
  ...(config.WINNOW_SLACK_WEBHOOK_URL ? { slack: new SlackWebhook(config.WINNOW_SLACK_WEBHOOK_URL) } : {}),
});
