import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { fingerprintOf } from '../../../functions/app/fingerprint.js';
import { ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import type { Store, SubmissionRecord } from '../../../functions/app/ports/store.js';
import { createApi } from '../../../functions/http/api.js';
import { NOW, aLeadRecord, aPlaybookInput, aSpecFormInput } from '../../helpers/factories.js';
import { aLeadIdSource, apiClient, errorOf, memoryDependencies, mockQueue, objectOf, publishIn, storeLead, testConfig } from '../../helpers/http.js';

const queue = mockQueue();
const config = testConfig();
const PATH = '/v1/forms/demo-request/submissions';

/** A lead id as the server issued it. */
const LEAD_ID = aLeadIdSource(config.WINNOW_LINK_SECRET).issue();
const aStep = (answers: Record<string, unknown>) => ({ leadId: LEAD_ID, submissionId: 'sub-1', answers });

/** What an earlier try of the same submissionId stored, with the answer it gave. */
const aStoredSubmission = (answers: Record<string, unknown>): SubmissionRecord => ({
  submissionId: 'sub-1',
  leadId: LEAD_ID,
  fingerprint: fingerprintOf({ formId: 'demo-request', leadId: LEAD_ID, answers }),
  formId: 'demo-request',
  formVersion: 1,
  answers,
  skipped: [],
  at: NOW.toISOString(),
  response: { leadId: LEAD_ID, next: { questions: [], complete: false } },
});

describe('POST /v1/forms/{formId}/submissions (in-memory store, mocked SQS)', () => {
  let store: MemoryStore;
  const httpOn = (on: Store) => apiClient(createApi(memoryDependencies(on, config)));

  beforeEach(async () => {
    queue.reset();
    store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    await publishIn(store, 'form', aSpecFormInput());
  });

  it('stores a first step once and its lead’s profile once, and sends exactly one SendMessage with a valid job', async () => {
    // Act
    const response = await httpOn(store).post(PATH, { submissionId: 'sub-1', answers: { email: 'ada@example.com', company_size: '51-200' } });

    // Assess
    expect(response.status).toBe(202);
    const leadId = String(objectOf(response).leadId);
    const sends = queue.sqs.commandCalls(SendMessageCommand);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.args[0].input.QueueUrl).toBe(config.WINNOW_SCORING_QUEUE_URL);
    expect(ScoringJob.parse(JSON.parse(sends[0]?.args[0].input.MessageBody ?? ''))).toEqual({ kind: 'submission', id: 'sub-1', leadId });
    expect((await store.activity([leadId])).submissions).toEqual([expect.objectContaining({ leadId, submissionId: 'sub-1' })]);
    expect(await store.getLead(leadId)).toMatchObject({ version: 1, lead: { submissionIds: ['sub-1'], answers: { email: 'ada@example.com', company_size: '51-200' } } });
  });

  it('answers what the first try answered when storing the submission finds it there (the replay path), and queues it', async () => {
    // Prepare: a concurrent try stored the record, so storing ours finds it there (nothing is read before the put).
    const answers = { email: 'ada@example.com' };
    const stored = aStoredSubmission(answers);
    await store.putSubmission(stored);
    const racing: Store = store;

    // Act
    const response = await httpOn(racing).post(PATH, aStep(answers));

    // Assess
    expect(response).toMatchObject({ status: 202, body: stored.response });
    const jobs = queue.sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody ?? '') as unknown);
    expect(jobs).toEqual([{ kind: 'submission', id: 'sub-1', leadId: stored.leadId }]);
  });

  it('answers a replay found on the first read without writing the submission again', async () => {
    // Prepare
    const answers = { email: 'ada@example.com' };
    const stored = aStoredSubmission(answers);
    await store.putSubmission(stored);
    await storeLead(store, { ...aLeadRecord({ leadId: stored.leadId }), submissionIds: ['sub-1'] });
    const before = store.snapshot();

    // Act
    const response = await httpOn(store).post(PATH, aStep(answers));

    // Assess
    expect(response).toMatchObject({ status: 202, body: stored.response });
    expect(store.snapshot()).toEqual(before);
    expect(queue.sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('answers 500 in the SPEC’s shape, naming nothing of the cause, when SendMessage fails', async () => {
    // Prepare
    queue.sqs.on(SendMessageCommand).rejects(new Error('AccessDenied: arn:aws:sqs:us-east-1:123456789012:winnow-scoring is not yours'));

    // Act
    const response = await httpOn(store).post(PATH, { submissionId: 'sub-1', answers: { email: 'ada@example.com' } });

    // Assess
    expect(response.status).toBe(500);
    expect(errorOf(response)).toEqual({ code: 'internal', message: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/AccessDenied|arn:|sqs|stack/i);
  });

  it('writes and sends nothing for a step with a bad answer', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const response = await httpOn(store).post(PATH, { submissionId: 'sub-1', answers: { email: 'ada@example.com', budget: 'lots' } });

    // Assess
    expect(response.status).toBe(400);
    expect(store.snapshot()).toEqual(before);
    expect(queue.sqs.calls()).toEqual([]);
  });

  it('writes and sends nothing for a bot that filled in the honeypot', async () => {
    // Prepare
    const before = store.snapshot();

    // Act
    const response = await httpOn(store).post(PATH, { submissionId: 'sub-1', answers: { email: 'bot@example.com' }, _hp: 'https://spam.example' });

    // Assess
    expect(response.status).toBe(202);
    expect(store.snapshot()).toEqual(before);
    expect(queue.sqs.calls()).toEqual([]);
  });
});
