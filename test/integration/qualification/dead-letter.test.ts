import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../../functions/app/ports/errors.js';
import type { Mailer } from '../../../functions/adapters/mailer.js';
import { clientConfig } from '../../../infra/local/servers.js';
import { lambdaContext, objectOf } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';
import { startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

describe('a notification that keeps failing ends in the dead-letter queue, never silently (local SQS)', () => {
  let stack: QualificationStack;
  let sqs: SQSClient;

  beforeAll(async () => {
    stack = await startQualificationStack();
    sqs = new SQSClient(clientConfig(new URL(stack.queueUrl).origin));
  });

  afterAll(async () => {
    sqs.destroy();
    await stack.close();
  });

  const receive = async (queueUrl: string): Promise<Message[]> =>
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ['All'] }))).Messages ?? [];

  it('redelivers the job while SES is throttled, then parks it in the DLQ with every attempt on the lead', async () => {
    // Prepare: SES throttles every send; backoff shortened to nothing so redeliveries come at once.
    const email = stack.ids.email('throttled');
    const leadId = await stack.aGradeALead(email);
    const throttled: Mailer = {
      send: async () => {
        throw new RetryLaterError('SES: ThrottlingException Maximum sending rate exceeded');
      },
    };
    const scorer = stack.scorerWith({ mailer: throttled, queue: { retryLater: (receipt) => stack.deps.queue.retryLater(receipt, 0), defer: (job, seconds) => stack.deps.queue.defer(job, seconds) } });

    // Act: deliver as Lambda's event source mapping would, until the queue is empty.
    let deliveries = 0;
    for (let batch = await receive(stack.queueUrl); batch.length > 0 && deliveries < 50; batch = await receive(stack.queueUrl)) {
      deliveries += 1;
      const response = await scorer(sqsEvent(batch), lambdaContext('winnow-scorer'));
      expect(response.batchItemFailures.length).toBeGreaterThan(0);
    }
    const parked = await receive(stack.deadLetterUrl);

    // Assess
    expect(deliveries).toBeGreaterThan(1);
    expect(parked.map((m) => JSON.parse(m.Body ?? '{}') as { leadId: string }).every((job) => job.leadId === leadId)).toBe(true);
    expect(parked.length).toBe(3);
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    const mail = (lead.notifications as { channel: string; status: string; attempts: number }[]).find((n) => n.channel === 'email');
    expect(mail).toMatchObject({ status: 'failed' });
    expect(mail?.attempts).toBeGreaterThan(1);
    expect((await stack.emails()).filter((m) => m.body.text.includes(email))).toEqual([]);
  });
});
