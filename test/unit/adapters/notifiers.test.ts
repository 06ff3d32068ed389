import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../../functions/adapters/config.js';
import type { Mail } from '../../../functions/adapters/mailer.js';
import { createNotifiers } from '../../../functions/adapters/notifiers.js';
import { SlackWebhook } from '../../../functions/adapters/slack.js';

const ses = mockClient(SESv2Client);
const config = (env: Record<string, string> = {}) => readConfig({ WINNOW_SCORING_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-scoring', ...env });
const aMail = (to = 'sales@example.com'): Mail => ({ to: [to], subject: 'New MQL', text: 'plain', html: '<p>html</p>' });

describe('the notifiers the scorer and the SLA job tell sales with (mocked AWS SDK)', () => {
  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  });

  it('mails through SES from the configured sender and answers the message id', async () => {
    // Prepare
    const { mailer } = createNotifiers(config({ WINNOW_MAIL_FROM: 'winnow@acme.example' }));

    // Act
    const id = await mailer.send(aMail());

    // Assess
    expect(id).toBe('ses-1');
    expect(ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.FromEmailAddress)).toEqual(['winnow@acme.example']);
  });

  it('builds one SES client, with the first mail, and sends every later mail through it', async () => {
    // Prepare
    const { mailer } = createNotifiers(config());

    // Act
    await Promise.all([mailer.send(aMail('ada@example.com')), mailer.send(aMail('grace@example.com'))]);
    await mailer.send(aMail('alan@example.com'));

    // Assess
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls.map((call) => call.args[0].input.Destination?.ToAddresses)).toEqual([['ada@example.com'], ['grace@example.com'], ['alan@example.com']]);
    expect(new Set(calls.map((call) => call.thisValue)).size).toBe(1);
  });

  it('posts to Slack when a webhook is configured', () => {
    // Act
    const notifiers = createNotifiers(config({ WINNOW_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x' }));

    // Assess
    expect(notifiers.slack).toBeInstanceOf(SlackWebhook);
  });

  it('has no Slack without a webhook, so Slack notifications are recorded as skipped', () => {
    // Act
    const notifiers = createNotifiers(config());

    // Assess
    expect(notifiers).not.toHaveProperty('slack');
  });
});
