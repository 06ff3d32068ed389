import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCachedDocuments } from '../../functions/adapters/cached-documents.js';
import { tableClient } from '../../functions/adapters/clients.js';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store.js';
import { SqsScoringQueue } from '../../functions/adapters/scoring-queue.js';
import { createApi } from '../../functions/http/api.js';
import { LATEST_DOCUMENT_TTL_MS } from '../../functions/app/documents.js';
import { createScorer } from '../../functions/workers/scorer.js';
import { gradeAAnswers } from '../helpers/factories.js';
import { apiClient, lambdaContext, publishIn, uniqueIds } from '../helpers/http.js';
import { publishDefaults, sqsEvent, startLocalStack, submitGradeALead, type LocalStack } from '../helpers/local-stack.js';
import { aTeamInput, anAssigningPlaybookInput } from '../unit/core/team-factories.js';

/**
 * The calls each hot path makes, counted by an SDK middleware on the real clients: a change
 * that adds a round trip fails here, whatever the machine's speed (bench/ measures the time).
 */
describe('calls to DynamoDB and SQS on the hot paths (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();
  const calls: string[] = [];
  /** The same calls grouped in round trips: a call sent while none is in flight opens the next. */
  const rounds: string[][] = [];
  /** The keys each BatchGetItem asks for. */
  const batchKeys: number[] = [];
  let inFlight = 0;
  const clients: { destroy(): void }[] = [];
  const forget = () => {
    calls.length = 0;
    rounds.length = 0;
    batchKeys.length = 0;
  };

  /** An SDK middleware that notes each command a client sends, before it is sent, and when it is answered. */
  const counting = <I extends object, O extends MetadataBearer>(service: string): InitializeMiddleware<I, O> => (next, context) => async (args) => {
    const call = `${service}.${String(context.commandName).replace(/Command$/, '')}`;
    calls.push(call);
    if (call === 'dynamodb.BatchGetItem') {
      const { RequestItems = {} } = args.input as { RequestItems?: Record<string, { Keys?: unknown[] }> };
      batchKeys.push(Object.values(RequestItems).reduce((sum, { Keys = [] }) => sum + Keys.length, 0));
    }
    if (inFlight === 0) rounds.push([]);
    rounds.at(-1)?.push(call);
    inFlight += 1;
    try {
      return await next(args);
    } finally {
      inFlight -= 1;
    }
  };
  const countedDynamo = (client: DynamoDBClient): DynamoDBClient => {
    client.middlewareStack.add(counting('dynamodb'), { step: 'initialize', name: 'countCalls' });
    clients.push(client);
    return client;
  };
  const countedSqs = (client: SQSClient): SQSClient => {
    client.middlewareStack.add(counting('sqs'), { step: 'initialize', name: 'countCalls' });
    clients.push(client);
    return client;
  };

  const countedDeps = () => {
    const endpoint = (url: string | undefined) => ({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // The table's client as createAdapters builds it (its middleware resolved once per command), counted before its first call.
    const dynamo = countedDynamo(tableClient(stack.config));
    const sqs = countedSqs(new SQSClient(endpoint(stack.config.WINNOW_SQS_ENDPOINT)));
    // As the API functions run: published documents kept per container.
    const store = withCachedDocuments(new DynamoDbStore(dynamo, stack.config.WINNOW_TABLE), { latestTtlMs: LATEST_DOCUMENT_TTL_MS });
    return { ...stack.deps, store, queue: new SqsScoringQueue(sqs, stack.config.WINNOW_SCORING_QUEUE_URL) };
  };

  /** The scorer on the counted clients. As on AWS: documents cached, and one clock for the API and the scorer (the watermark compares their instants). */
  const countedScorer = (deps: ReturnType<typeof countedDeps>) =>
    createScorer({ store: deps.store, queue: deps.queue, mailer: { send: async () => 'id' }, now: deps.now, publicUrl: 'https://winnow.test', linkSecret: 'l'.repeat(32) });

  /** A grade-A lead's three steps through the counted API, queued together; `score` hands them to the counted scorer as one batch, the counts from then on. */
  const aGradeALeadQueued = async () => {
    const deps = countedDeps();
    await stack.drainQueue();
    await submitGradeALead(apiClient(createApi(deps)), ids);
    const steps = await stack.drainQueue();
    const scorer = countedScorer(deps);
    return {
      steps,
      score: () => {
        forget();
        return scorer(sqsEvent(steps), lambdaContext('winnow-scorer'));
      },
    };
  };

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await stack.close();
  });

  it('a new lead’s first step, and its next one, in round trips (the form read once per container)', async () => {
    // Prepare
    const http = apiClient(createApi(countedDeps()));
    const { body } = await http.get('/v1/forms/demo-request/next');
    const { leadId } = body as { leadId: string };
    forget();

    // Act
    const first = await http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email(), company_size: gradeAAnswers().company_size } });
    const firstRounds = structuredClone(rounds);
    forget();
    const next = await http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { role: gradeAAnswers().role } });

    // Assess
    expect([first.status, next.status]).toEqual([202, 202]);
    expect({ first: firstRounds, next: rounds }).toMatchInlineSnapshot(`
      {
        "first": [
          [
            "dynamodb.GetItem",
          ],
          [
            "dynamodb.PutItem",
            "dynamodb.Query",
          ],
          [
            "sqs.SendMessage",
            "dynamodb.PutItem",
          ],
        ],
        "next": [
          [
            "dynamodb.GetItem",
          ],
          [
            "dynamodb.PutItem",
          ],
          [
            "sqs.SendMessage",
            "dynamodb.UpdateItem",
          ],
        ],
      }
    `);
  });

  it('a first visit’s step with no leadId: no read of the lead its own request names (a conditional create), its email looked up beside the put', async () => {
    // Prepare
    const http = apiClient(createApi(countedDeps()));
    await http.get('/v1/forms/demo-request/next');
    forget();

    // Act
    const first = await http.post('/v1/forms/demo-request/submissions', { submissionId: ids.id('sub'), answers: { email: ids.email() } });

    // Assess
    expect(first.status).toBe(202);
    expect(rounds).toMatchInlineSnapshot(`
      [
        [
          "dynamodb.PutItem",
          "dynamodb.Query",
        ],
        [
          "sqs.SendMessage",
          "dynamodb.PutItem",
        ],
      ]
    `);
  });

  it('a lead’s step giving the email it has already: no lookup, so no merge to look for', async () => {
    // Prepare
    const http = apiClient(createApi(countedDeps()));
    const { leadId } = (await http.get('/v1/forms/demo-request/next')).body as { leadId: string };
    const email = ids.email();
    await http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email, company_size: gradeAAnswers().company_size } });
    forget();

    // Act
    const again = await http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email, role: gradeAAnswers().role } });

    // Assess
    expect(again.status).toBe(202);
    expect(rounds).toMatchInlineSnapshot(`
      [
        [
          "dynamodb.GetItem",
        ],
        [
          "dynamodb.PutItem",
        ],
        [
          "sqs.SendMessage",
          "dynamodb.UpdateItem",
        ],
      ]
    `);
  });

  it('a first visit’s step giving a known lead’s email: the twin read once, the lead it merges into saved at that read’s version', async () => {
    // Prepare
    const http = apiClient(createApi(countedDeps()));
    const email = ids.email();
    await http.post('/v1/forms/demo-request/submissions', { submissionId: ids.id('sub'), answers: { email } });
    forget();

    // Act
    const merged = await http.post('/v1/forms/demo-request/submissions', { submissionId: ids.id('sub'), answers: { email } });

    // Assess
    expect(merged.status).toBe(202);
    expect(calls).toMatchInlineSnapshot(`
      [
        "dynamodb.PutItem",
        "dynamodb.Query",
        "sqs.SendMessage",
        "dynamodb.GetItem",
        "dynamodb.PutItem",
        "dynamodb.UpdateItem",
      ]
    `);
  });

  it('the same step sent again: its put finds the first try, which the lead has taken already (applying it looks nothing up and writes nothing)', async () => {
    // Prepare
    const http = apiClient(createApi(countedDeps()));
    const step = { submissionId: ids.id('sub'), answers: { email: ids.email() } };
    await http.post('/v1/forms/demo-request/submissions', step);
    forget();

    // Act
    const again = await http.post('/v1/forms/demo-request/submissions', step);

    // Assess
    expect(again.status).toBe(202);
    expect(calls).toMatchInlineSnapshot(`
      [
        "dynamodb.PutItem",
        "dynamodb.Query",
        "dynamodb.GetItem",
        "sqs.SendMessage",
        "dynamodb.GetItem",
      ]
    `);
  });

  it('a lead’s first scoring, a job its watermark counts (no write at all), and a new event folded in (one write: the lead’s save, the watermark in it)', async () => {
    // Prepare
    const deps = countedDeps();
    const http = apiClient(createApi(deps));
    await stack.drainQueue();
    await http.post('/v1/forms/demo-request/submissions', { submissionId: ids.id('sub'), answers: { email: ids.email() } });
    const messages = await stack.drainQueue();
    const scorer = countedScorer(deps);
    forget();

    // Act
    await scorer(sqsEvent(messages), lambdaContext('winnow-scorer'));
    const first = [...calls];
    forget();
    await scorer(sqsEvent(messages), lambdaContext('winnow-scorer'));
    const held = [...calls];
    await http.post('/v1/events', { leadId: (JSON.parse(messages[0]?.Body ?? '{}') as { leadId: string }).leadId, eventId: ids.id('evt'), type: 'page_view' });
    const event = await stack.drainQueue();
    forget();
    await scorer(sqsEvent(event), lambdaContext('winnow-scorer'));

    // Assess
    expect({ first, held, folded: calls }).toMatchInlineSnapshot(`
      {
        "first": [
          "dynamodb.BatchGetItem",
          "dynamodb.GetItem",
          "dynamodb.GetItem",
          "dynamodb.UpdateItem",
        ],
        "folded": [
          "dynamodb.BatchGetItem",
          "dynamodb.UpdateItem",
        ],
        "held": [
          "dynamodb.BatchGetItem",
        ],
      }
    `);
  });

  it('one lead’s three events in one batch: one read and one write for them all, the events carried by their jobs', async () => {
    // Prepare: a lead scored once, then three events of it queued together.
    const deps = countedDeps();
    const http = apiClient(createApi(deps));
    await stack.drainQueue();
    const first = await http.post('/v1/forms/demo-request/submissions', { submissionId: ids.id('sub'), answers: { email: ids.email() } });
    const { leadId } = first.body as { leadId: string };
    const scorer = countedScorer(deps);
    await scorer(sqsEvent(await stack.drainQueue()), lambdaContext('winnow-scorer'));
    for (let i = 0; i < 3; i += 1) await http.post('/v1/events', { leadId, eventId: ids.id('evt'), type: 'page_view' });
    const events = await stack.drainQueue();
    forget();

    // Act
    const result = await scorer(sqsEvent(events), lambdaContext('winnow-scorer'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(events).toHaveLength(3);
    expect(calls).toMatchInlineSnapshot(`
      [
        "dynamodb.BatchGetItem",
        "dynamodb.UpdateItem",
      ]
    `);
    // The lead alone: each job carries what scoring counts of its event.
    expect(batchKeys).toEqual([1]);
  });

  it('a lead that qualifies: its steps scored as one, then each effect carried out, and all settled in one save of the lead', async () => {
    // Prepare: a grade-A lead's three steps, queued together; no team, no webhook endpoint.
    const { steps, score } = await aGradeALeadQueued();

    // Act
    const result = await score();

    // Assess, in round trips: what each lead that qualifies costs beside its scoring's one write (issue 15's qualify
    // bench). Its scoring reads no history (a new lead: nothing of it is as old as its watermark). Its effects go out
    // together, on the scoring write's look at the lead: the cycle's outcome (its snapshot reading the history, then
    // its write), the webhook endpoints (none receives), and the notice (the published forms its
    // labels come from, the email's claim and Slack recorded skipped, no webhook here, one look at the lead for both,
    // the email's record); then the settles of all in one write.
    expect(result.batchItemFailures).toEqual([]);
    expect(steps).toHaveLength(3);
    expect(rounds).toMatchInlineSnapshot(`
      [
        [
          "dynamodb.BatchGetItem",
        ],
        [
          "dynamodb.GetItem",
        ],
        [
          "dynamodb.GetItem",
        ],
        [
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.Query",
          "dynamodb.Query",
          "dynamodb.Query",
          "dynamodb.UpdateItem",
          "dynamodb.UpdateItem",
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.GetItem",
        ],
        [
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.UpdateItem",
        ],
      ]
    `);
  });

  it('a notification’s claim is one write that answers the record; a claim refused reads it to say why', async () => {
    // Prepare
    const { store } = countedDeps();
    const leadId = ids.id('lead');
    const key = { kind: 'qualified' as const, cycle: 1, channel: 'email' as const };
    const at = new Date().toISOString();
    forget();

    // Act
    const first = await store.claimNotification(leadId, key, at, 60);
    const claimedCalls = [...calls];
    forget();
    const second = await store.claimNotification(leadId, key, at, 60);

    // Assess
    expect(first).toMatchObject({ outcome: 'claimed', record: { status: 'sending', attempts: 1, claimedAt: at } });
    expect(second).toMatchObject({ outcome: 'busy', record: { status: 'sending' } });
    expect({ claimed: claimedCalls, refused: calls }).toEqual({ claimed: ['dynamodb.UpdateItem'], refused: ['dynamodb.UpdateItem', 'dynamodb.GetItem'] });
  });

  it('a lead that qualifies to a team: the rep picked and stored first, then the team’s and the rep’s notices, one look at the lead for both', async () => {
    // Prepare: the SPEC's team, and the playbook assigning to it (a version of its own: the last test of this file).
    await publishIn(stack.deps.store, 'team', aTeamInput());
    await publishIn(stack.deps.store, 'playbook', anAssigningPlaybookInput(), 2);
    const { score } = await aGradeALeadQueued();

    // Act
    const result = await score();

    // Assess, in round trips after the scoring's four: the team (a container's first read of it and of its state) and
    // the pick, beside the outcome record (its history read, then its write); the pick stored on the lead; then the endpoint list (no endpoint) and the
    // forms' labels; both notices' claims (each an email and a Slack recorded skipped); one look at the lead for both
    // notices; the two emails' records; the settles.
    expect(result.batchItemFailures).toEqual([]);
    expect(rounds.slice(4)).toMatchInlineSnapshot(`
      [
        [
          "dynamodb.GetItem",
          "dynamodb.Query",
          "dynamodb.UpdateItem",
          "dynamodb.GetItem",
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.Query",
          "dynamodb.Query",
        ],
        [
          "dynamodb.UpdateItem",
          "dynamodb.UpdateItem",
          "dynamodb.UpdateItem",
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.GetItem",
        ],
        [
          "dynamodb.UpdateItem",
          "dynamodb.UpdateItem",
        ],
        [
          "dynamodb.UpdateItem",
        ],
      ]
    `);
  });
});
