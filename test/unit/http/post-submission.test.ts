import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/dynamodb-store.js';
import { fingerprintOf } from '../../../functions/adapters/lead-ids.js';
import { ScoringJob } from '../../../functions/adapters/scoring-queue.js';
import type { SubmissionRecord } from '../../../functions/app/ports/store.js';
import { createApi } from '../../../functions/http/api.js';
import { NOW, aLeadRecord, aPlaybookInput, aSpecFormInput } from '../../helpers/factories.js';
import { aLeadIdSource, apiClient, errorOf, mockAws, objectOf, testConfig, testDependencies } from '../../helpers/http.js';

const aws = mockAws();
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

describe('POST /v1/forms/{formId}/submissions (mocked AWS SDK)', () => {
  let http: ReturnType<typeof apiClient>;

  beforeEach(() => {
    aws.reset();
    aws.published('playbook', aPlaybookInput());
    aws.published('form', aSpecFormInput());
    http = apiClient(createApi(testDependencies(config)));
  });

  it('stores a first step with one conditional Put and one Update, and sends exactly one SendMessage with a valid job', async () => {
    // Act
    const response = await http.post(PATH, { submissionId: 'sub-1', answers: { email: 'ada@example.com', company_size: '51-200' } });

    // Assess
    expect(response.status).toBe(202);
    const leadId = String(objectOf(response).leadId);
    const sends = aws.sqs.commandCalls(SendMessageCommand);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.args[0].input.QueueUrl).toBe(config.WINNOW_SCORING_QUEUE_URL);
    expect(ScoringJob.parse(JSON.parse(sends[0]?.args[0].input.MessageBody ?? ''))).toEqual({ kind: 'submission', id: 'sub-1', leadId });
    const puts = aws.dynamo.commandCalls(PutCommand);
    expect(puts.map((call) => [call.args[0].input.Item?.PK, call.args[0].input.Item?.SK, call.args[0].input.ConditionExpression])).toEqual([
      [`LEAD#${leadId}`, 'SUBMISSION#sub-1', 'attribute_not_exists(PK)'],
    ]);
    const updates = aws.dynamo.commandCalls(UpdateCommand);
    expect(updates.map((call) => call.args[0].input.Key)).toEqual([{ PK: `LEAD#${leadId}`, SK: 'PROFILE' }]);
  });

  it('answers what the first try answered when the submission Put finds the item there (the replay path), and queues it', async () => {
    // Prepare: the first read misses, a concurrent try writes the record, our Put's condition fails.
    const answers = { email: 'ada@example.com' };
    const stored = aStoredSubmission(answers);
    aws.dynamo.on(GetCommand, { Key: keys.submission(LEAD_ID, 'sub-1') }).resolvesOnce({}).resolves({ Item: { ...keys.submission(LEAD_ID, 'sub-1'), ...stored } });
    aws.dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const response = await http.post(PATH, aStep(answers));

    // Assess
    expect(response).toMatchObject({ status: 202, body: stored.response });
    const jobs = aws.sqs.commandCalls(SendMessageCommand).map((call) => JSON.parse(call.args[0].input.MessageBody ?? '') as unknown);
    expect(jobs).toEqual([{ kind: 'submission', id: 'sub-1', leadId: stored.leadId }]);
  });

  it('answers a replay found on the first read without writing the submission again', async () => {
    // Prepare
    const answers = { email: 'ada@example.com' };
    const stored = aStoredSubmission(answers);
    aws.dynamo.on(GetCommand, { Key: keys.submission(LEAD_ID, 'sub-1') }).resolves({ Item: { ...keys.submission(LEAD_ID, 'sub-1'), ...stored } });
    aws.storedLead({ ...aLeadRecord({ leadId: stored.leadId }), submissionIds: ['sub-1'] });

    // Act
    const response = await http.post(PATH, aStep(answers));

    // Assess
    expect(response).toMatchObject({ status: 202, body: stored.response });
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(aws.sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('answers 500 in the SPEC’s shape, naming nothing of the cause, when SendMessage fails', async () => {
    // Prepare
    aws.sqs.on(SendMessageCommand).rejects(new Error('AccessDenied: arn:aws:sqs:us-east-1:123456789012:winnow-scoring is not yours'));

    // Act
    const response = await http.post(PATH, { submissionId: 'sub-1', answers: { email: 'ada@example.com' } });

    // Assess
    expect(response.status).toBe(500);
    expect(errorOf(response)).toEqual({ code: 'internal', message: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/AccessDenied|arn:|sqs|stack/i);
  });

  it('writes and sends nothing for a step with a bad answer', async () => {
    // Act
    const response = await http.post(PATH, { submissionId: 'sub-1', answers: { email: 'ada@example.com', budget: 'lots' } });

    // Assess
    expect(response.status).toBe(400);
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(aws.sqs.calls()).toEqual([]);
  });

  it('writes and sends nothing for a bot that filled in the honeypot', async () => {
    // Act
    const response = await http.post(PATH, { submissionId: 'sub-1', answers: { email: 'bot@example.com' }, _hp: 'https://spam.example' });

    // Assess
    expect(response.status).toBe(202);
    expect(aws.dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(aws.sqs.calls()).toEqual([]);
  });
});
