import { SendEmailCommand, SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { RetryLaterError } from '../app/ports/errors.js';
import type { Mail, Mailer } from '../app/ports/notifiers.js';

export type { Mail, Mailer } from '../app/ports/notifiers.js';

const RETRYABLE = new Set(['ThrottlingException', 'TooManyRequestsException', 'LimitExceededException', 'ServiceUnavailable', 'InternalFailure', 'TimeoutError']);

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(mail: Mail): Promise<string> {
    try {
      const { MessageId } = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: mail.to },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return MessageId ?? '';
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (RETRYABLE.has(name) || status >= 500 || status === 429) throw new RetryLaterError(`SES: ${name || 'error'} ${(error as Error).message}`);
      throw error;
    }
  }
}

/** A mailer with an SES client of its own: what the notifiers load on the first mail. */
export const sesMailer = (clientConfig: SESv2ClientConfig, from: string): SesMailer => new SesMailer(new SESv2Client(clientConfig), from);
