import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/app/ports/store.js';
import { aQuestionInput } from '../helpers/factories.js';
import { apiClient, objectOf, uniqueIds, type ApiResponse } from '../helpers/http.js';
import { aVisitor, itemsOf, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const MINUTE = 60_000;

describe('two leads giving the same email are one person for sales, and each device stays its own (local stack)', () => {
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

  it('answers the later device with its own leadId: typing an email proves nothing', async () => {
    // Act
    const { b, merged } = await twoLeadsOnePerson();

    // Assess
    expect(merged.status).toBe(202);
    expect(objectOf(merged).leadId).toBe(b);
  });

  it('shows sales one person: the older lead’s own answers win, the later device’s fill the gaps, and every differing one is kept as a claim', async () => {
    // Prepare
    const { a, b, email } = await twoLeadsOnePerson();
    stack.clock.advance(MINUTE);
    await submit('role-first', b, { industry: 'software' });

    // Act
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${a}`));

    // Assess
    expect(lead).toMatchObject({ leadId: a, email, answers: { email, company_size: '1-10', role: 'decision_maker', industry: 'software' } });
    expect(lead.claims).toEqual([
      expect.objectContaining({ field: 'role', value: 'user', leadId: b }),
      expect.objectContaining({ field: 'company_size', value: '201+', leadId: b }),
    ]);
  });

  it('asks the later device from its own answers only, never from the older lead’s', async () => {
    // Prepare: A answered the whole demo form; C, a stranger, types A's email on the e-book form.
    const email = ids.email('victim');
    const a = await aVisitor(stack.http);
    await submit('demo-request', a, { email, company_size: '51-200' });
    await submit('demo-request', a, { role: 'decision_maker', timeframe: '3m' });
    stack.clock.advance(MINUTE);
    const c = await aVisitor(stack.http, 'ebook-download');

    // Act
    const typed = await submit('ebook-download', c, { email });
    const next = objectOf(await stack.http.get(`/v1/forms/demo-request/next?leadId=${c}`));

    // Assess: C is asked what A answered long ago, as if it knew nothing, which it does not.
    expect(objectOf(typed)).toMatchObject({ leadId: c });
    expect(next.leadId).toBe(c);
    expect((next.questions as { id: string }[]).map((q) => q.id)).toEqual(['company_size', 'role']);
  });

  it('never lets a device that typed another person’s email overwrite that person’s answers', async () => {
    // Prepare
    const email = ids.email('ada');
    const victim = await aVisitor(stack.http);
    await submit('demo-request', victim, { email, company_size: '51-200' });
    stack.clock.advance(MINUTE);
    const mallory = await aVisitor(stack.http);

    // Act: Mallory types Ada's email, then tries to make the lead hers.
    await submit('demo-request', mallory, { email, company_size: '1-10' });
    stack.clock.advance(MINUTE);
    const overwrite = await submit('demo-request', mallory, { email: 'attacker@evil.test', role: 'user' });
    await runScorer();

    // Assess
    expect(objectOf(overwrite).leadId).toBe(mallory);
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${victim}`));
    expect(lead).toMatchObject({ leadId: victim, email, answers: { email, company_size: '51-200', role: 'user' } });
    expect(lead.claims).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'company_size', value: '1-10', leadId: mallory }),
        expect.objectContaining({ field: 'email', value: 'attacker@evil.test', leadId: mallory }),
      ]),
    );
  });

  it('answers the older lead when an admin reads the later leadId, once scored too', async () => {
    // Prepare
    const { a, b, email } = await twoLeadsOnePerson();
    const before = objectOf(await stack.http.admin.get(`/v1/admin/leads/${b}`));
    await runScorer();

    // Act
    const lead = await stack.http.admin.get(`/v1/admin/leads/${b}`);

    // Assess
    expect(before.leadId).toBe(a);
    expect(lead.status).toBe(200);
    expect(objectOf(lead)).toMatchObject({ leadId: a, email, mergedFrom: [b] });
  });

  it('merges a visitor whose very first step gives the known email, keeping its own id', async () => {
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
    expect(objectOf(merged).leadId).toBe(b);
    expect(later.status).toBe(200);
    expect(objectOf(later)).toMatchObject({ leadId: a, answers: { email, company_size: '51-200' }, mergedFrom: [b] });
  });

  it('merges a step whose request died before applying it once the scorer applies it, the scorer looking the email up itself', async () => {
    // Prepare: A gave the email; B's request stores and queues its step, then dies before B's profile is saved.
    const email = ids.email('crashed');
    const a = await aVisitor(stack.http);
    await submit('demo-request', a, { email });
    stack.clock.advance(MINUTE);
    const b = await aVisitor(stack.http);
    const dying = Object.create(stack.deps.store) as Store;
    dying.saveLead = async () => {
      throw new Error('the process died (simulated)');
    };
    const crashed = await apiClient(stack.apiWith({ store: dying })).post('/v1/forms/ebook-download/submissions', { leadId: b, submissionId: ids.id('sub'), answers: { email, company_size: '51-200' } });

    // Act
    const { response } = await stack.scoreQueued();

    // Assess: the stored step names no twin; the scorer found A all the same.
    expect(crashed.status).toBe(500);
    expect(response.batchItemFailures).toEqual([]);
    expect(itemsOf(await stack.dumpTable(), `LEAD#${b}`).filter((item) => String(item.SK).startsWith('SUBMISSION#'))).toEqual([expect.not.objectContaining({ mergeWith: expect.anything() })]);
    expect(objectOf(await stack.http.admin.get(`/v1/admin/leads/${b}`))).toMatchObject({ leadId: a, answers: { email, company_size: '51-200' }, mergedFrom: [b] });
  });

  it('makes each of several devices typing a known email at once an alias of the lead that had it', async () => {
    // Prepare
    const email = ids.email('crowd');
    const a = await aVisitor(stack.http);
    await submit('demo-request', a, { email });
    stack.clock.advance(MINUTE);
    const devices = await Promise.all(Array.from({ length: 6 }, () => aVisitor(stack.http, 'ebook-download')));

    // Act: all at once; a device told the lead is busy sends its step again, as the SPEC asks.
    const steps = devices.map((leadId) => ({ leadId, submissionId: ids.id('sub'), answers: { email } }));
    const typed = await Promise.all(steps.map((step) => stack.http.post('/v1/forms/ebook-download/submissions', step)));
    const retried: ApiResponse[] = [];
    for (const [i, first] of typed.entries()) retried.push(first.status === 503 ? await stack.http.post('/v1/forms/ebook-download/submissions', steps[i]) : first);

    // Assess
    expect(retried.map((r) => r.status)).toEqual(devices.map(() => 202));
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${a}`));
    expect(lead).toMatchObject({ leadId: a, email });
    expect([...(lead.mergedFrom as string[])].sort()).toEqual([...devices].sort());
    for (const device of devices) expect(objectOf(await stack.http.admin.get(`/v1/admin/leads/${device}`)).leadId).toBe(a);
  });

  it('makes the typing device the alias even when its lead is older: the lead that had the email keeps it', async () => {
    // Prepare: Mallory's device visited first (a page view stores its lead); Ada signs up a day later.
    const email = ids.email('ada');
    const mallory = await aVisitor(stack.http);
    await stack.http.post('/v1/events', { leadId: mallory, eventId: ids.id('evt'), type: 'page_view' });
    stack.clock.advance(24 * 60 * MINUTE);
    const ada = await aVisitor(stack.http);
    await submit('role-first', ada, { role: 'decision_maker' });
    await submit('role-first', ada, { email });
    stack.clock.advance(MINUTE);

    // Act: Mallory types Ada's email, then another one of hers.
    const typed = await submit('role-first', mallory, { role: 'user' });
    await submit('role-first', mallory, { email });
    const replaced = await submit('demo-request', mallory, { email: 'attacker@evil.test', company_size: '1-10' });
    await runScorer();

    // Assess
    expect([typed.status, replaced.status]).toEqual([202, 202]);
    expect(objectOf(replaced).leadId).toBe(mallory);
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${mallory}`));
    expect(lead).toMatchObject({ leadId: ada, email, answers: { role: 'decision_maker', email, company_size: '1-10' }, mergedFrom: [mallory] });
    expect(lead.claims).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'role', value: 'user', leadId: mallory }),
        expect.objectContaining({ field: 'email', value: 'attacker@evil.test', leadId: mallory }),
      ]),
    );
  });

  it('never lets an alias’s submissionId collide with the lead’s own', async () => {
    // Prepare: an alias sends step-2 first; then the lead sends its own step-2.
    const email = ids.email('own-ids');
    const a = await aVisitor(stack.http);
    await submit('demo-request', a, { email });
    const m = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/role-first/submissions', { leadId: m, submissionId: 'shared-step-2', answers: { role: 'user' } });
    await stack.http.post('/v1/forms/role-first/submissions', { leadId: m, submissionId: 'shared-step-3', answers: { email } });
    expect(objectOf(await stack.http.admin.get(`/v1/admin/leads/${m}`)).leadId).toBe(a);

    // Act
    const own = await stack.http.post('/v1/forms/role-first/submissions', { leadId: a, submissionId: 'shared-step-2', answers: { role: 'decision_maker' } });

    // Assess
    expect(own.status).toBe(202);
    expect(objectOf(await stack.http.admin.get(`/v1/admin/leads/${a}`)).answers).toMatchObject({ role: 'decision_maker' });
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
