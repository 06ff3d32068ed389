import { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsClientConfig } from './clients.js';
import type { Config } from './config.js';
import { SesMailer, type Mailer } from './mailer.js';
import { SlackWebhook, type Slack } from './slack.js';

/**
 * How sales is told: only the scorer and the SLA job notify, so only their bundles load the
 * SES client, and the API functions start without it.
 */
export interface Notifiers {
  mailer: Mailer;
  /** Absent when no webhook is configured: Slack notifications are then recorded as skipped. */
  slack?: Slack;
}

export const createNotifiers = (config: Config): Notifiers => ({
  mailer: new SesMailer(new SESv2Client(awsClientConfig(config, config.WINNOW_SES_ENDPOINT)), config.WINNOW_MAIL_FROM),
  ...(config.WINNOW_SLACK_WEBHOOK_URL ? { slack: new SlackWebhook(config.WINNOW_SLACK_WEBHOOK_URL) } : {}),
});
