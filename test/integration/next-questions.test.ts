import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, issuePaths, objectOf, uniqueIds, type ApiResponse } from '../helpers/http.js';
import { aVisitor, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const questionIds = (response: ApiResponse): string[] => {
  const body = objectOf(response);
  const step = (body.next ?? body) as { questions: { id: string }[] };
  return step.questions.map((q) => q.id);
};

describe('the next-question flow across forms sharing fields (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  /** A visitor opens a form: the server hands out its leadId. */

  const submit = (formId: string, leadId: string, answers: Record<string, unknown>) =>
    stack.http.post(`/v1/forms/${formId}/submissions`, { leadId, submissionId: ids.id('step'), answers });

  it('shows a new visitor the first step of a form, required questions first, with a fresh leadId', async () => {
    // Act
    const response = await stack.http.get('/v1/forms/ebook-download/next');

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response)).toMatchObject({ formId: 'ebook-download', formVersion: 1, complete: false });
    expect(objectOf(response).leadId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(questionIds(response)).toEqual(['email', 'company_size']);
  });

  it('hands out a new leadId when the one given is unknown', async () => {
    // Act
    const response = await stack.http.get('/v1/forms/ebook-download/next?leadId=nobody_has_this_lead_id');

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response).leadId).not.toBe('nobody_has_this_lead_id');
  });

  it('never asks on demo-request a field the lead answered on ebook-download', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'ebook-download');
    const stepped = await submit('ebook-download', leadId, { email: ids.email(), company_size: '51-200' });

    // Act
    const demo = await stack.http.get(`/v1/forms/demo-request/next?leadId=${leadId}`);

    // Assess
    expect(stepped.status).toBe(202);
    expect(questionIds(stepped)).toEqual(['industry', 'role']);
    expect(objectOf(demo).leadId).toBe(leadId);
    expect(questionIds(demo)).toEqual(['role', 'timeframe']);
  });

  it('stores each accepted step at once, so a lead leaving half-way keeps its answers', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'ebook-download');
    const email = ids.email();

    // Act
    await submit('ebook-download', leadId, { email, company_size: '11-50' });

    // Assess
    const lead = await stack.http.admin.get(`/v1/admin/leads/${leadId}`);
    expect(lead.status).toBe(200);
    expect(objectOf(lead)).toMatchObject({ leadId, email, answers: { email, company_size: '11-50' } });
  });

  it('does not ask again on a form a question left empty in an accepted step, but another form asks it', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'ebook-download');
    await submit('ebook-download', leadId, { email: ids.email(), company_size: '201+' });

    // Act
    const skipped = await submit('ebook-download', leadId, { industry: 'software', role: '' });
    const ebook = await stack.http.get(`/v1/forms/ebook-download/next?leadId=${leadId}`);
    const demo = await stack.http.get(`/v1/forms/demo-request/next?leadId=${leadId}`);

    // Assess
    expect(skipped.status).toBe(202);
    expect(objectOf(ebook)).toMatchObject({ questions: [], complete: true });
    expect(questionIds(demo)).toEqual(['role', 'timeframe']);
  });

  it('follows askIf: timeframe is not asked of a company of 1-10', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'demo-request');
    await submit('demo-request', leadId, { email: ids.email(), company_size: '1-10' });

    // Act
    const demo = await stack.http.get(`/v1/forms/demo-request/next?leadId=${leadId}`);

    // Assess
    expect(questionIds(demo)).toEqual(['role', 'budget']);
  });

  it('blocks a step that leaves a required field empty with 400 answers.email, storing nothing', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'demo-request');
    const before = await stack.dumpTable();

    // Act
    const response = await submit('demo-request', leadId, { company_size: '11-50' });

    // Assess
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('bad_request');
    expect(issuePaths(response)).toEqual(['answers.email']);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('reports every bad answer of a step at once, each under its field', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'demo-request');

    // Act
    const response = await submit('demo-request', leadId, { email: 'not-an-email', company_size: 'huge', budget: -5 });

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response).sort()).toEqual(['answers.budget', 'answers.company_size', 'answers.email']);
  });

  it('answers complete once a form has nothing left to ask', async () => {
    // Prepare
    const leadId = await aVisitor(stack.http, 'ebook-download');
    await submit('ebook-download', leadId, { email: ids.email(), company_size: '11-50' });

    // Act
    const last = await submit('ebook-download', leadId, { industry: 'retail', role: 'user' });

    // Assess
    expect(objectOf(last)).toEqual({ leadId, next: { questions: [], complete: true } });
  });
});
