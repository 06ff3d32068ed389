import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormInput } from '../../functions/core/form.js';
import { aQuestionInput } from '../helpers/factories.js';
import { errorOf, issuePaths, objectOf, uniqueIds } from '../helpers/http.js';
import { ALLOWED_ORIGIN, aVisitor, publishDefaults, startLocalStack, submitGradeALead, type LocalStack } from '../helpers/local-stack.js';

interface Row {
  leadId: string;
  email: string | null;
  name: string | null;
  company: string | null;
  form: { id: string; title: string } | null;
  asked: string | null;
  anonymous: boolean;
  fit: { grade: string } | null;
  interest: { band: string } | null;
}
interface Page {
  leads: Row[];
  cursor?: string;
  counts?: Record<string, { count: number; more: boolean }>;
}

/** A contact form that names the lead: first and last name, company and a message. */
const aContactForm = (): FormInput => ({
  id: 'contact-us',
  title: 'Talk to sales',
  playbook: 'default',
  questionsPerStep: 5,
  handRaiser: true,
  allowedOrigins: [ALLOWED_ORIGIN],
  questions: [
    aQuestionInput('email', { required: true }),
    aQuestionInput('text', { id: 'first_name', label: 'First name' }),
    aQuestionInput('text', { id: 'last_name', label: 'Last name' }),
    aQuestionInput('text', { id: 'company', label: 'Company' }),
    aQuestionInput('textarea', { id: 'message', label: 'What would you like to see?' }),
  ],
});

describe('GET /v1/admin/leads: the inbox’s search, filters and counts (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();
  const people: Record<'jose' | 'ada' | 'grade' | 'visitor', string> = { jose: '', ada: '', grade: '', visitor: '' };

  const list = async (query: string): Promise<Page> => {
    const response = await stack.http.admin.get(`/v1/admin/leads?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return objectOf(response) as unknown as Page;
  };
  const idsOf = (page: Page): string[] => page.leads.map((lead) => lead.leadId);

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    await stack.publishForm(aContactForm());
    const contact = async (answers: Record<string, string>): Promise<string> => {
      const leadId = await aVisitor(stack.http, 'contact-us');
      const response = await stack.http.post('/v1/forms/contact-us/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email('contact'), ...answers } });
      if (response.status !== 202) throw new Error(`a submission answered ${response.status}`);
      return leadId;
    };
    people.jose = await contact({ first_name: 'José', last_name: 'Núñez', company: 'Acme Robotics', message: 'A demo for 40 reps, please' });
    people.ada = await contact({ first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' });
    people.grade = await submitGradeALead(stack.http, ids);
    // A visitor the site only saw: one page view, no form step.
    people.visitor = await aVisitor(stack.http);
    const viewed = await stack.http.post('/v1/events', { leadId: people.visitor, eventId: ids.id('ev'), type: 'page_view' });
    if (viewed.status !== 202) throw new Error(`a page view answered ${viewed.status}`);
    await stack.scoreQueued();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('names each lead in its row: name, company, the form and what it asked', async () => {
    const page = await list('stage=MQL&limit=100');

    const jose = page.leads.find((lead) => lead.leadId === people.jose);
    expect(jose).toMatchObject({ name: 'José Núñez', company: 'Acme Robotics', form: { id: 'contact-us', title: 'Talk to sales' }, asked: 'A demo for 40 reps, please', anonymous: false });
  });

  it('finds leads by words of their email, name or company, in any case and without accents', async () => {
    const byName = await list('stage=MQL&q=jose%20nunez');
    const byCompany = await list('stage=MQL&q=ANALYTICAL');
    const byEmail = await list(`stage=MQL&q=${encodeURIComponent('contact.')}`);
    const nobody = await list('stage=MQL&q=zzz-nobody');

    expect(idsOf(byName)).toEqual([people.jose]);
    expect(idsOf(byCompany)).toEqual([people.ada]);
    expect(idsOf(byEmail).sort()).toEqual([people.jose, people.ada].sort());
    expect(nobody.leads).toEqual([]);
  });

  it('filters by form, grade, band and creation period', async () => {
    const grade = (await list('stage=MQL&limit=100')).leads.find((lead) => lead.leadId === people.grade);
    const today = stack.clock.now().toISOString().slice(0, 10);

    const byForm = await list('stage=MQL&form=demo-request&limit=100');
    const byGrade = await list(`stage=MQL&grade=${grade?.fit?.grade ?? 'A'}&limit=100`);
    const byBand = await list(`stage=MQL&band=${grade?.interest?.band ?? 'cold'}&limit=100`);
    const inPeriod = await list(`stage=MQL&from=${today}&to=${today}&limit=100`);
    const before = await list('stage=MQL&to=2001-01-01&limit=100');

    expect(idsOf(byForm)).toEqual([people.grade]);
    expect(idsOf(byGrade)).toContain(people.grade);
    expect(byGrade.leads.every((lead) => lead.fit?.grade === grade?.fit?.grade)).toBe(true);
    expect(byBand.leads.every((lead) => lead.interest?.band === grade?.interest?.band)).toBe(true);
    expect(idsOf(inPeriod).sort()).toEqual([people.jose, people.ada, people.grade].sort());
    expect(before.leads).toEqual([]);
  });

  it('leaves out visitors who only viewed a page when asked to, and counts each stage under the same filter', async () => {
    const all = await list('stage=lead&counts=true&limit=100');
    const known = await list('stage=lead&anonymous=exclude&counts=true&limit=100');
    const searched = await list('stage=SAL&q=ada&counts=true');

    expect(all.leads.find((lead) => lead.leadId === people.visitor)).toMatchObject({ anonymous: true, email: null, name: null, form: null });
    expect(idsOf(known)).not.toContain(people.visitor);
    expect(all.counts?.lead).toEqual({ count: all.leads.length, more: false });
    expect(known.counts).toEqual({
      lead: { count: known.leads.length, more: false },
      MQL: { count: 3, more: false },
      SAL: { count: 0, more: false },
      SQL: { count: 0, more: false },
      nurture: { count: 0, more: false },
    });
    expect(searched.counts?.MQL).toEqual({ count: 1, more: false });
    expect(await list('stage=MQL')).not.toHaveProperty('counts');
  });

  it('answers 400 naming the parameter for a filter it cannot read, and never a 500 whatever the query', async () => {
    const refused = {
      grade: await stack.http.admin.get('/v1/admin/leads?stage=MQL&grade=excellent'),
      band: await stack.http.admin.get('/v1/admin/leads?stage=MQL&band=Hot!'),
      form: await stack.http.admin.get('/v1/admin/leads?stage=MQL&form=..%2Fetc'),
      q: await stack.http.admin.get(`/v1/admin/leads?stage=MQL&q=${'a'.repeat(101)}`),
      from: await stack.http.admin.get('/v1/admin/leads?stage=MQL&from=yesterday'),
      anonymous: await stack.http.admin.get('/v1/admin/leads?stage=MQL&anonymous=maybe'),
      counts: await stack.http.admin.get('/v1/admin/leads?stage=MQL&counts=1'),
    };
    const backwards = await stack.http.admin.get('/v1/admin/leads?stage=MQL&from=2026-02-01&to=2026-01-01');
    const hostile = await Promise.all(
      ['q=%00%FF', 'q=.*(a%2B)%2B%24', 'q=%F0%9F%98%80', 'q=__proto__', 'form=__proto__', 'q=a&q=b', 'grade=A&grade=B', 'to=9999-12-31T23:59:59Z'].map((query) =>
        stack.http.admin.get(`/v1/admin/leads?stage=MQL&${query}`),
      ),
    );

    for (const [name, response] of Object.entries(refused)) {
      expect(response.status, name).toBe(400);
      expect(issuePaths(response), name).toEqual([name]);
    }
    expect(backwards.status).toBe(400);
    expect(errorOf(backwards).issues?.map((issue) => issue.path)).toEqual(['from']);
    expect(hostile.map((response) => response.status).filter((status) => status >= 500)).toEqual([]);
  });
});
