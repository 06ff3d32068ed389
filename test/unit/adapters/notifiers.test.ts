import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../functions/adapters/config.js';
import { SesMailer } from '../../../functions/adapters/mailer.js';
import { createNotifiers } from '../../../functions/adapters/notifiers.js';
import { SlackWebhook } from '../../../functions/adapters/slack.js';

const config = (env: Record<string, string> = {}) => readConfig({ WINNOW_SCORING_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-scoring', ...env });

describe('the notifiers the scorer and the SLA job tell sales with', () => {
  it('mails through SES, and posts to Slack when a webhook is configured', () => {
    // Act
    const notifiers = createNotifiers(config({ WINNOW_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x' }));

    // Assess
    expect(notifiers.mailer).toBeInstanceOf(SesMailer);
    expect(notifiers.slack).toBeInstanceOf(SlackWebhook);
  });

  it('has no Slack without a webhook, so Slack notifications are recorded as skipped', () => {
    // Act
    const notifiers = createNotifiers(config());

    // Assess
    expect(notifiers.mailer).toBeInstanceOf(SesMailer);
    expect(notifiers).not.toHaveProperty('slack');
  });
});
