import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { DeleteCommand, DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Config } from '../../functions/adapters/config.js';
import type { Mail, Mailer } from '../../functions/adapters/mailer.js';
import type { FormInput } from '../../functions/core/form.js';
import type { PlaybookInput } from '../../functions/core/playbook.js';
import { createApi } from '../../functions/http/api.js';
import type { Dependencies } from '../../functions/http/framework/route.js';
import { createScorer } from '../../functions/workers/scorer.js';
import { toSqsEvent } from '../../infra/local/queue-poller.js';
import { ensureQueues, ensureTable, startDynamo, startSqs } from '../../infra/local/servers.js';
import { ROLES, aPlaybookInput, aQuestionInput, aSpecFormInput, gradeAAnswers } from './factories.js';
import { aClock, apiClient, lambdaContext, objectOf, testConfig, testDependencies, type Api, type ApiClient, type Clock, type Scorer, type UniqueIds } from './http.js';
import { withJsonRead } from '../../functions/adapters/dynamodb/items.js';

export type TableItem = Record<string, unknown>;

export interface LocalStackOptions {
  /** WINNOW_RATE_LIMIT_PER_MINUTE; high by default so property tests are never throttled. */
  rateLimitPerMinute?: number;
}

/** dynalite (in memory) and local-aws-sqs on free ports, with Winnow's table, queue and DLQ, and the API on top. */
export interface LocalStack {
  config: Config;
  deps: Dependencies;
  clock: Clock;
  /** The API built on `deps` (one rate limiter for the stack's life). */
  api: Api;
  http: ApiClient;
  /** An API over other dependencies (a failing queue, a stale store) on the same servers. */
  apiWith: (overrides: Partial<Dependencies>) => Api;
  scorer: Scorer;
  /** Drains the scoring queue into one batch for `scorer` (the stack's own by default), as Lambda would hand it over. */
  scoreQueued: (scorer?: Scorer) => Promise<{ messages: Message[]; response: SQSBatchResponse }>;
  /** What the scorer's notifications sent (a recording mailer: notifications are not this stack's subject). */
  mail: Mail[];
  queueUrl: string;
  deadLetterUrl: string;
  /** Every item of the table (Scan), sorted by key: compare two dumps to see what a call changed. */
  dumpTable: () => Promise<TableItem[]>;
  /** Receives and deletes every message waiting on the scoring queue. */
  drainQueue: () => Promise<Message[]>;
  deleteItem: (key: { PK: string; SK: string }) => Promise<void>;
  publishPlaybook: (playbook: PlaybookInput) => Promise<void>;
  publishForm: (form: FormInput) => Promise<void>;
  close: () => Promise<void>;
}

const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

const byKey = (a: TableItem, b: TableItem): number =>
  `${String(a.PK)}\u0000${String(a.SK)}`.localeCompare(`${String(b.PK)}\u0000${String(b.SK)}`);

export const startLocalStack = async ({ rateLimitPerMinute = 1_000_000 }: LocalStackOptions = {}): Promise<LocalStack> => {
  const [dynamo, sqsServer] = await Promise.all([startDynamo(), startSqs()]);
  const tableName = 'winnow-test';
  await ensureTable(dynamo.url, tableName);
  const { queueUrl, deadLetterUrl } = await ensureQueues(sqsServer.url, 'winnow-scoring-test');
  const config = testConfig({
    WINNOW_TABLE: tableName,
    WINNOW_SCORING_QUEUE_URL: queueUrl,
    WINNOW_DYNAMODB_ENDPOINT: dynamo.url,
    WINNOW_SQS_ENDPOINT: sqsServer.url,
    WINNOW_RATE_LIMIT_PER_MINUTE: String(rateLimitPerMinute),
  });
  const clock = aClock();
  const deps = testDependencies(config, clock);
  const api: Api = createApi(deps);
  const http = apiClient(api);

  const raw = new DynamoDBClient({ ...LOCAL, endpoint: dynamo.url });
  const documents = DynamoDBDocumentClient.from(raw);
  const sqs = new SQSClient({ ...LOCAL, endpoint: sqsServer.url });

  const dumpTable = async (): Promise<TableItem[]> => {
    const items: TableItem[] = [];
    for await (const page of paginateScan({ client: documents }, { TableName: tableName, ConsistentRead: true })) items.push(...(page.Items ?? []));
    // What the store keeps as JSON text read back, as a person's data export shows it: tests read values, not the encoding.
    return items.map(withJsonRead).sort(byKey);
  };

  const drainQueue = async (): Promise<Message[]> => {
    const drained: Message[] = [];
    for (;;) {
      // No long poll: local-aws-sqs waits out the whole wait time when fewer than 10 are queued.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ['All'] }),
      );
      if (Messages.length === 0) return drained;
      for (const message of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      drained.push(...Messages);
    }
  };

  const publish = async (path: string, document: unknown): Promise<void> => {
    const response = await http.admin.put(path, document);
    if (response.status !== 200) throw new Error(`publishing ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  };

  const mail: Mail[] = [];
  const mailer: Mailer = {
    send: async (message) => {
      mail.push(message);
      return `message-${mail.length}`;
    },
  };
  const scorer = createScorer({ store: deps.store, queue: deps.queue, mailer, now: clock.now, publicUrl: 'https://winnow.test', linkSecret: 'l'.repeat(32) });

  return {
    config,
    deps,
    clock,
    api,
    http,
    apiWith: (overrides) => createApi({ ...deps, ...overrides }),
    scorer,
    scoreQueued: async (chosen = scorer) => {
      const messages = await drainQueue();
      return { messages, response: await chosen(sqsEvent(messages), lambdaContext('winnow-scorer')) };
    },
    mail,
    queueUrl,
    deadLetterUrl,
    dumpTable,
    drainQueue,
    deleteItem: async (key) => {
      await documents.send(new DeleteCommand({ TableName: tableName, Key: key }));
    },
    publishPlaybook: (playbook) => publish(`/v1/admin/playbooks/${playbook.id}`, playbook),
    publishForm: (form) => publish(`/v1/admin/forms/${form.id}`, form),
    close: async () => {
      documents.destroy();
      sqs.destroy();
      await Promise.all([dynamo.close(), sqsServer.close()]);
    },
  };
};

/** Received SQS messages as the local poller hands them to the scorer, as Lambda's event source mapping would. */
export const sqsEvent = (messages: readonly Message[]): SQSEvent => toSqsEvent(messages, { queueArn: 'arn:aws:sqs:us-east-1:123456789012:winnow-scoring-test', region: 'us-east-1' });


/** Message bodies parsed as JSON: what the scorer will see. */
export const jobsIn = (messages: readonly Message[]): unknown[] => messages.map((message) => JSON.parse(message.Body ?? 'null') as unknown);

/** A lead's profile item as stored. */
export const leadItem = (items: readonly TableItem[], leadId: string): TableItem | undefined =>
  items.find((item) => item.PK === `LEAD#${leadId}` && item.SK === 'PROFILE');

/** Items whose partition or sort key starts with a prefix (`LEAD#…` for a lead's partition, `SUBMISSION#…`, `EVENT#…`). */
export const itemsOf = (items: readonly TableItem[], prefix: string): TableItem[] =>
  items.filter((item) => String(item.PK).startsWith(prefix) || String(item.SK).startsWith(prefix));

// ---------------------------------------------------------------- the documents most tests publish

export const ALLOWED_ORIGIN = 'https://www.example.com';
const INDUSTRIES = ['software', 'retail', 'other'] as const;

/** SPEC.md's demo-request form (2 per step: email required, company_size, role, timeframe if not 1-10, budget). */
export const aDemoFormInput = (overrides: Partial<FormInput> = {}): FormInput => ({ ...aSpecFormInput(), ...overrides });

/** An e-book form sharing email, company_size and role with demo-request, 2 per step. */
const anEbookFormInput = (overrides: Partial<FormInput> = {}): FormInput => ({
  id: 'ebook-download',
  title: 'Get the lead-scoring playbook',
  playbook: 'default',
  questionsPerStep: 2,
  allowedOrigins: [ALLOWED_ORIGIN],
  questions: [
    aQuestionInput('email', { required: true }),
    aQuestionInput('select'),
    aQuestionInput('select', { id: 'industry', label: 'Industry', options: INDUSTRIES.map((value) => ({ value, label: value })) }),
    aQuestionInput('select', { id: 'role', label: 'Your role', options: ROLES.map((value) => ({ value, label: value })) }),
  ],
  ...overrides,
});

/** Publishes SPEC.md's playbook, then the demo-request and e-book forms. */
export const publishDefaults = async (stack: LocalStack): Promise<void> => {
  await stack.publishPlaybook(aPlaybookInput());
  await stack.publishForm(aDemoFormInput());
  await stack.publishForm(anEbookFormInput());
};

/** A first visit to a form: the leadId its first `next` hands out. */
export const aVisitor = async (http: ApiClient, formId = 'demo-request'): Promise<string> => String(objectOf(await http.get(`/v1/forms/${formId}/next`)).leadId);

/**
 * A grade-A lead (the SPEC's playbook: 3 + 3 + 3 + 3 points) in the three steps of the SPEC's
 * demo-request form, each step accepted; `context` goes with the first step.
 */
export const submitGradeALead = async (http: ApiClient, ids: UniqueIds, { email = ids.email(), context }: { email?: string; context?: object } = {}): Promise<string> => {
  const leadId = await aVisitor(http);
  const { company_size, role, timeframe, budget } = gradeAAnswers();
  for (const [step, answers] of [{ email, company_size }, { role, timeframe }, { budget }].entries()) {
    const response = await http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers, ...(step === 0 && context ? { context } : {}) });
    if (response.status !== 202) throw new Error(`a step answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return leadId;
};
