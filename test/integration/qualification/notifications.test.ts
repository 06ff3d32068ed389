import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../functions/app/ports/store.js';
import type { ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import { CLAIM_LEASE_SECONDS } from '../../../functions/app/notify.js';
import { lambdaContext, objectOf } from '../../helpers/http.js';
import { jobsIn, sqsEvent } from '../../helpers/local-stack.js';
import { SALES, linksIn, startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

interface NotificationView {
  kind: string;
  cycle: number;
  channel: string;
  status: string;
  attempts: number;
  log: { status: string }[];
}

describe('notifications reach sales exactly once per cycle and channel (local stack, SES catcher, fake Slack)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
  });

  beforeEach(async () => {
    await stack.drainQueue();
    stack.slack.reset();
  });

  afterAll(async () => {
    await stack.close();
  });

  const emailsTo = async (email: string) => (await stack.emails()).filter((mail) => mail.body.text.includes(email));
  const slackPostsAbout = (email: string) => stack.slack.delivered.filter((post) => JSON.stringify(post).includes(email));
  const leadView = async (leadId: string) => objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
  const notificationsOf = async (leadId: string) => (await leadView(leadId)).notifications as NotificationView[];

  it('makes a grade-A lead an MQL and sends one email and one Slack message naming the reasons', async () => {
    // Prepare
    const email = stack.ids.email('grade-a');
    const leadId = await stack.aGradeALead(email);

    // Act
    const { response } = await stack.scoreQueued();

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await leadView(leadId)).toMatchObject({ stage: 'MQL', owner: 'sales', fit: { grade: 'A' } });
    const [mail, ...more] = await emailsTo(email);
    expect(more).toEqual([]);
    expect(mail?.destination.to).toEqual([SALES]);
    expect(mail?.subject).toContain(email);
    // People read the form's labels: "I decide" for decision_maker, "Within 3 months" for 3m.
    for (const reason of ['Company size: 201+', 'Your role: I decide', 'When do you plan to buy?: Within 3 months', 'Grade A']) expect(mail?.body.text).toContain(reason);
    expect(mail?.body.html).toContain(email);
    const links = linksIn(mail?.body.text ?? '');
    expect(links.accept).toContain(`/v1/feedback/${leadId}`);
    const [post, ...morePosts] = slackPostsAbout(email);
    expect(morePosts).toEqual([]);
    expect(JSON.stringify(post?.blocks)).toContain('201+');
    expect(JSON.stringify(post?.blocks)).toContain('decision=accept');
    expect((await notificationsOf(leadId)).map(({ channel, status }) => ({ channel, status }))).toEqual(
      expect.arrayContaining([
        { channel: 'email', status: 'sent' },
        { channel: 'slack', status: 'sent' },
      ]),
    );
  });

  it('sends nothing more when the same jobs are delivered 5 times', async () => {
    // Prepare
    const email = stack.ids.email('redelivered');
    await stack.aGradeALead(email);
    const messages = await stack.drainQueue();

    // Act
    for (let delivery = 1; delivery <= 5; delivery += 1) {
      const response = await stack.scorer(sqsEvent(messages), lambdaContext('winnow-scorer'));
      expect(response.batchItemFailures).toEqual([]);
    }

    // Assess
    expect(await emailsTo(email)).toHaveLength(1);
    expect(slackPostsAbout(email)).toHaveLength(1);
  });

  it('sends one message each when two scorers race on the same lead', async () => {
    // Prepare
    const email = stack.ids.email('raced');
    const leadId = await stack.aGradeALead(email);
    const event = sqsEvent(await stack.drainQueue());
    const [one, two] = [stack.scorerWith({}), stack.scorerWith({})];

    // Act: both at once, then whatever either had to give back, as SQS would redeliver it.
    const responses = await Promise.all([one(event, lambdaContext('winnow-scorer')), two(event, lambdaContext('winnow-scorer'))]);
    const retried = new Set(responses.flatMap((r) => r.batchItemFailures.map((f) => f.itemIdentifier)));
    stack.clock.advance(60_000);
    const again = await one({ Records: event.Records.filter((r) => retried.has(r.messageId)) }, lambdaContext('winnow-scorer'));

    // Assess
    expect(again.batchItemFailures).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(slackPostsAbout(email)).toHaveLength(1);
    expect(await leadView(leadId)).toMatchObject({ stage: 'MQL' });
  });

  it('retries Slack after two 500s and posts once on the 200, without a second email, every attempt recorded', async () => {
    // Prepare
    const email = stack.ids.email('slack-down');
    const leadId = await stack.aGradeALead(email);
    // The last step's job alone, so each delivery of it is one attempt at Slack.
    const event = sqsEvent((await stack.drainQueue()).slice(-1));
    stack.slack.failNext({ status: 500 }, { status: 500 });

    // Act
    const first = await stack.scorer(event, lambdaContext('winnow-scorer'));
    const second = await stack.scorer(event, lambdaContext('winnow-scorer'));
    const third = await stack.scorer(event, lambdaContext('winnow-scorer'));

    // Assess
    expect(first.batchItemFailures.length).toBeGreaterThan(0);
    expect(second.batchItemFailures.length).toBeGreaterThan(0);
    expect(third.batchItemFailures).toEqual([]);
    expect(stack.slack.attempts.filter((post) => JSON.stringify(post).includes(email))).toHaveLength(3);
    expect(slackPostsAbout(email)).toHaveLength(1);
    expect(await emailsTo(email)).toHaveLength(1);
    const slack = (await notificationsOf(leadId)).find((n) => n.channel === 'slack');
    expect(slack).toMatchObject({ status: 'sent', attempts: 3 });
    expect(slack?.log.map((entry) => entry.status)).toEqual(['sending', 'failed', 'sending', 'failed', 'sending', 'sent']);
  });

  it('honours Slack’s Retry-After on a 429 when putting the job back', async () => {
    // Prepare
    const email = stack.ids.email('rate-limited');
    await stack.aGradeALead(email);
    const event = sqsEvent(await stack.drainQueue());
    const waits: number[] = [];
    const scorer = stack.scorerWith({ queue: { retryLater: async (_receipt, seconds) => void waits.push(seconds), defer: async () => undefined } });
    stack.slack.failNext({ status: 429, headers: { 'retry-after': '42' }, body: 'rate_limited' });

    // Act
    const limited = await scorer(event, lambdaContext('winnow-scorer'));
    const later = await scorer(event, lambdaContext('winnow-scorer'));

    // Assess
    // The lead's jobs are scored as one, so each of its messages comes back when Slack said.
    expect(limited.batchItemFailures).toHaveLength(event.Records.length);
    expect(waits).toEqual(event.Records.map(() => 42));
    expect(later.batchItemFailures).toEqual([]);
    expect(slackPostsAbout(email)).toHaveLength(1);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('never resends a message whose sender died between the send and its record, waits out its lease without burning a receive, and loses no job', async () => {
    // Prepare: a store whose every outcome write fails, as if the process died right after sending.
    const email = stack.ids.email('killed');
    const leadId = await stack.aGradeALead(email);
    const event = sqsEvent(await stack.drainQueue());
    const dying: Store = Object.create(stack.deps.store) as Store;
    dying.finishNotification = async () => {
      throw new Error('the worker was killed');
    };
    const deferred: { job: ScoringJob; seconds: number }[] = [];
    const retried: number[] = [];
    const waiting = stack.scorerWith({
      queue: { retryLater: async (_receipt, seconds) => void retried.push(seconds), defer: async (job, seconds) => void deferred.push({ job, seconds }) },
    });

    // Act
    const heldBack: ScoringJob[] = [];
    const killed = await stack.scorerWith({ store: dying, queue: { retryLater: async () => undefined, defer: async (job) => void heldBack.push(job) } })(event, lambdaContext('winnow-scorer'));
    stack.clock.advance(20_000);
    const tooSoon = await waiting(event, lambdaContext('winnow-scorer'));
    stack.clock.advance((CLAIM_LEASE_SECONDS + 1) * 1000);
    const afterLease = await stack.scorer(event, lambdaContext('winnow-scorer'));

    // Assess
    // Both channels were claimed before either went out, so each job scored alone after finds them held and waits out
    // the lease as a new message: none is lost, and none burns a receive.
    expect(killed.batchItemFailures.length + heldBack.length).toBe(event.Records.length);
    // A claim held by a live-or-dead sender is no failure: each job comes back once its lease is over.
    expect(tooSoon.batchItemFailures).toEqual([]);
    expect(retried).toEqual([]);
    expect(deferred.map(({ job }) => job)).toEqual(jobsIn(event.Records.map((record) => ({ Body: record.body }))));
    expect(new Set(deferred.map(({ seconds }) => seconds))).toEqual(new Set([CLAIM_LEASE_SECONDS - 20 + 1]));
    expect(afterLease.batchItemFailures).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(slackPostsAbout(email)).toHaveLength(1);
    const byChannel = Object.fromEntries((await notificationsOf(leadId)).map((n) => [n.channel, n.status]));
    expect(byChannel).toEqual({ email: 'unknown', slack: 'unknown' });
    expect(await leadView(leadId)).toMatchObject({ stage: 'MQL', fit: { grade: 'A' } });
  });
});
