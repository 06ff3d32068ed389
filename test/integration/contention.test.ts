import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/app/ports/errors.js';
import type { Store } from '../../functions/app/ports/store.js';
import { aQuestionInput } from '../helpers/factories.js';
import { apiClient, errorOf, objectOf, type ApiResponse } from '../helpers/http.js';
import { aVisitor, jobsIn, leadItem, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const STEPS = 50;
const fields = Array.from({ length: STEPS }, (_, i) => `q${i}`);

/** A step is applied and queued, or answered with a retryable status that leaves nothing half-done. */
describe('many steps on one lead at once (local stack)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    await stack.publishForm({
      id: 'long-survey',
      title: 'Tell us everything',
      questionsPerStep: 1,
      questions: fields.map((id) => aQuestionInput('text', { id, label: `Question ${id}` })),
    });
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });

  const stepOf = (leadId: string, field: string) => ({ leadId, submissionId: `${leadId.slice(0, 8)}-${field}`, answers: { [field]: `answer to ${field}` } });
  const post = (body: ReturnType<typeof stepOf>) => stack.http.post('/v1/forms/long-survey/submissions', body);

  it(`applies and queues each of ${STEPS} parallel steps, or asks for a retry that then completes it`, async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'long-survey');
    const steps = fields.map((field) => stepOf(leadId, field));

    // Act
    const first = await Promise.all(steps.map(post));
    const retried: ApiResponse[] = [];
    for (const [i, response] of first.entries()) if (response.status === 503) retried.push(await post(steps[i] as (typeof steps)[number]));

    // Assess
    expect(first.map((r) => r.status).filter((s) => s !== 202 && s !== 503)).toEqual([]);
    for (const busy of first.filter((r) => r.status === 503)) {
      expect(busy.headers['retry-after']).toBe('1');
      expect(errorOf(busy).code).toBe('busy');
    }
    expect(retried.map((r) => r.status).filter((s) => s !== 202)).toEqual([]);
    const profile = leadItem(await stack.dumpTable(), leadId);
    expect(Object.keys(profile?.answers as object).sort()).toEqual([...fields].sort());
    expect((profile?.submissionIds as string[]).sort()).toEqual(steps.map((s) => s.submissionId).sort());
    const queued = new Set(jobsIn(await stack.drainQueue()).map((job) => (job as { id: string }).id));
    expect([...queued].sort()).toEqual(steps.map((s) => s.submissionId).sort());
  });

  it('leaves a step whose lead never stopped being busy stored and queued, and the scorer applies it', async () => {
    // Prepare: every profile write loses its race, as under endless contention.
    const leadId = await aVisitor(stack.http, 'long-survey');
    const busy: Store = Object.create(stack.deps.store) as Store;
    busy.saveLead = async () => {
      throw new ConflictError('another step got there first (simulated)');
    };
    const step = stepOf(leadId, 'q7');

    // Act
    const response = await apiClient(stack.apiWith({ store: busy })).post('/v1/forms/long-survey/submissions', step);
    const beforeScoring = leadItem(await stack.dumpTable(), leadId);
    const { response: scored } = await stack.scoreQueued();

    // Assess
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(beforeScoring).toBeUndefined();
    expect(scored.batchItemFailures).toEqual([]);
    expect(leadItem(await stack.dumpTable(), leadId)).toMatchObject({ answers: { q7: 'answer to q7' }, submissionIds: [step.submissionId] });
    const retry = await post(step);
    expect(retry.status).toBe(202);
    expect(objectOf(retry).leadId).toBe(leadId);
  });
});
