import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aQuestionInput } from '../helpers/factories.js';
import { objectOf, uniqueIds } from '../helpers/http.js';
import { aVisitor, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const MINUTE = 60_000;

describe('two leads giving the same email merge into the older (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    // A form that asks the role before the email, so a lead can answer something while still anonymous.
    await stack.publishForm({
      id: 'role-first',
      title: 'Tell us about you',
      questionsPerStep: 1,
      questions: [
        aQuestionInput('select', { id: 'role', label: 'Role', options: [{ value: 'user', label: 'User' }, { value: 'decision_maker', label: 'Decider' }] }),
        aQuestionInput('email'),
        aQuestionInput('select', { id: 'industry', label: 'Industry', options: [{ value: 'software', label: 'Software' }, { value: 'retail', label: 'Retail' }] }),
      ],
    });
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });

  const submit = (formId: string, leadId: string, answers: Record<string, unknown>) =>
    stack.http.post(`/v1/forms/${formId}/submissions`, { leadId, submissionId: ids.id('sub'), answers });
  const runScorer = async () => (await stack.scoreQueued()).response;

  /**
   * A at t0 gives x@y.com and company_size 1-10; B at t1 answers role user anonymously;
   * A at t2 answers role decision_maker; B at t3 gives X@Y.com and company_size 201+.
   */
  const twoLeadsOnePerson = async () => {
    const name = ids.id('person');
    const a = await aVisitor(stack.http);
    const b = await aVisitor(stack.http);
    await submit('demo-request', a, { email: `${name}@example.com`, company_size: '1-10' });
    stack.clock.advance(MINUTE);
    await submit('role-first', b, { role: 'user' });
    stack.clock.advance(MINUTE);
    await submit('demo-request', a, { role: 'decision_maker' });
    stack.clock.advance(MINUTE);
    const merged = await submit('demo-request', b, { email: `${name.toUpperCase()}@EXAMPLE.COM`, company_size: '201+' });
    return { a, b, email: `${name}@example.com`, merged };
  };

  it('answers the later lead with the older leadId', async () => {
    // Act
    const { a, merged } = await twoLeadsOnePerson();

    // Assess
    expect(merged.status).toBe(202);
    expect(objectOf(merged).leadId).toBe(a);
  });

  it('keeps both leads’ answers, the newest answer winning per field', async () => {
    // Prepare
    const { a, email } = await twoLeadsOnePerson();

    // Act
    const lead = await stack.http.admin.get(`/v1/admin/leads/${a}`);

    // Assess
    expect(objectOf(lead)).toMatchObject({
      leadId: a,
      email,
      answers: { email, company_size: '201+', role: 'decision_maker' },
    });
  });

  it('answers the older lead when the later leadId is read right after the merge', async () => {
    // Prepare
    const { a, b } = await twoLeadsOnePerson();

    // Act
    const lead = await stack.http.admin.get(`/v1/admin/leads/${b}`);
    const next = await stack.http.get(`/v1/forms/demo-request/next?leadId=${b}`);

    // Assess
    expect(lead.status).toBe(200);
    expect(objectOf(lead).leadId).toBe(a);
    expect(objectOf(next).leadId).toBe(a);
  });

  it('keeps on the older lead a step sent under the later leadId right after the merge', async () => {
    // Prepare: the later lead's other tab still holds its own leadId.
    const { a, b } = await twoLeadsOnePerson();
    stack.clock.advance(MINUTE);

    // Act
    const step = await submit('role-first', b, { industry: 'software' });
    await runScorer();

    // Assess
    expect(step.status).toBe(202);
    const lead = await stack.http.admin.get(`/v1/admin/leads/${a}`);
    expect(objectOf(lead).answers).toMatchObject({ industry: 'software', role: 'decision_maker', company_size: '201+' });
    expect(objectOf(step).leadId).toBe(a);
  });

  it('answers the older lead for the later leadId once the merge is scored', async () => {
    // Prepare
    const { a, b, email } = await twoLeadsOnePerson();
    await runScorer();

    // Act
    const lead = await stack.http.admin.get(`/v1/admin/leads/${b}`);

    // Assess
    expect(lead.status).toBe(200);
    expect(objectOf(lead)).toMatchObject({ leadId: a, email, mergedFrom: [b] });
  });

  it('names the older lead for a visitor whose very first step gives the known email', async () => {
    // Prepare
    const email = ids.email('known');
    const a = await aVisitor(stack.http);
    await submit('demo-request', a, { email });
    stack.clock.advance(MINUTE);
    const b = await aVisitor(stack.http);

    // Act
    const merged = await submit('ebook-download', b, { email: email.toUpperCase(), company_size: '51-200' });
    await runScorer();
    const later = await stack.http.admin.get(`/v1/admin/leads/${b}`);

    // Assess
    expect(objectOf(merged).leadId).toBe(a);
    expect(later.status).toBe(200);
    expect(objectOf(later)).toMatchObject({ leadId: a, answers: { email, company_size: '51-200' } });
  });

  it('counts the later lead’s events for the surviving lead', async () => {
    // Prepare
    const { a, b } = await twoLeadsOnePerson();
    await stack.http.post('/v1/events', { leadId: b, eventId: ids.id('evt'), type: 'pricing_view' });
    await runScorer();

    // Act
    const lead = await stack.http.admin.get(`/v1/admin/leads/${a}`);

    // Assess
    const interest = objectOf(lead).interest as { breakdown: { type: string; count: number }[] };
    expect(interest.breakdown).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'pricing_view', count: 1 })]));
  });
});
