import { SESv2Client, SendEmailCommand, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../../functions/app/ports/errors.js';
import { SesMailer, type Mail } from '../../../functions/adapters/mailer.js';

const ses = mockClient(SESv2Client);
const aMail = (): Mail => ({ to: ['sales@example.com'], subject: 'New MQL', text: 'plain', html: '<p>html</p>' });

const sesError = (name: string, status: number) =>
  new SESv2ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${name} happened` });

describe('SesMailer (mocked AWS SDK)', () => {
  let mailer: SesMailer;

  beforeEach(() => {
    ses.reset();
    mailer = new SesMailer(new SESv2Client({ region: 'us-east-1' }), 'winnow@example.com');
  });

  it('sends text and HTML from the configured sender and answers the message id', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const id = await mailer.send(aMail());

    // Assess
    expect(id).toBe('ses-1');
    const [input] = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    expect(input).toMatchObject({
      FromEmailAddress: 'winnow@example.com',
      Destination: { ToAddresses: ['sales@example.com'] },
      Content: { Simple: { Subject: { Data: 'New MQL' }, Body: { Text: { Data: 'plain' }, Html: { Data: '<p>html</p>' } } } },
    });
  });

  it.each([
    ['throttling', sesError('ThrottlingException', 400)],
    ['too many requests', sesError('TooManyRequestsException', 429)],
    ['a 5xx', sesError('InternalFailure', 500)],
    ['a timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
  ])('turns %s into a retry later, so the job comes back with backoff', async (_, error) => {
    // Prepare
    ses.on(SendEmailCommand).rejects(error);

    // Act
    const sending = mailer.send(aMail());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(RetryLaterError);
  });

  it('lets a refusal that will not heal (an unverified sender) fail as itself', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected', 400));

    // Act
    const sending = mailer.send(aMail());

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'MessageRejected' });
    await expect(sending).rejects.not.toBeInstanceOf(RetryLaterError);
  });
});
