import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormInput } from '../../functions/core/form.js';
import { aQuestionInput } from '../helpers/factories.js';
import { apiClient, errorOf, issuePaths, uniqueIds, type ApiClient, type ApiResponse } from '../helpers/http.js';
import { ALLOWED_ORIGIN, aVisitor, publishDefaults, startLocalStack, submitGradeALead, type LocalStack } from '../helpers/local-stack.js';

const DAY = 86_400_000;
const EXPORT = '/v1/admin/leads/export.csv';

/** A form whose free-text answers can hold anything a CSV must quote or a spreadsheet could run. */
const anExportForm = (): FormInput => ({
  id: 'contact-us',
  title: 'Contact us',
  playbook: 'default',
  questionsPerStep: 4,
  allowedOrigins: [ALLOWED_ORIGIN],
  questions: [
    aQuestionInput('email', { required: true }),
    aQuestionInput('text', { id: 'company', label: 'Company' }),
    aQuestionInput('textarea', { id: 'message', label: 'Message' }),
    aQuestionInput('number', { id: 'delta', label: 'Change in headcount' }),
  ],
});

type Row = Record<string, string>;

/** As a spreadsheet reads it: the header names the cells. */
const rowsOf = (response: ApiResponse): Row[] => parse(String(response.body), { columns: true }) as Row[];

const nextOf = (response: ApiResponse): string | undefined => /^<([^>]+)>; rel="next"$/.exec(response.headers.link ?? '')?.[1];

describe('GET /v1/admin/leads/export.csv (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    await stack.publishForm(anExportForm());
  });

  afterAll(async () => {
    await stack.close();
  });

  const aContact = async (answers: Record<string, unknown>, http: ApiClient = stack.http): Promise<string> => {
    const leadId = await aVisitor(http, 'contact-us');
    const response = await http.post('/v1/forms/contact-us/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email('export'), ...answers } });
    if (response.status !== 202) throw new Error(`a submission answered ${response.status}: ${JSON.stringify(response.body)}`);
    return leadId;
  };

  /** Every page from `first` on, through the Link headers. */
  const allPages = async (http: ApiClient, first: string): Promise<ApiResponse[]> => {
    const pages: ApiResponse[] = [];
    for (let path: string | undefined = first; path !== undefined; path = nextOf(pages.at(-1) as ApiResponse)) {
      const page = await http.admin.get(path);
      expect(page.status, String(page.body)).toBe(200);
      pages.push(page);
      if (pages.length > 100) throw new Error('the export never ends');
    }
    return pages;
  };

  it('round-trips commas, quotes, line breaks and non-Latin text, and defuses cells a spreadsheet would run', async () => {
    // Prepare
    const answers = [
      { company: 'Acme, Inc. "the best"', message: 'line one\nline two, "quoted"' },
      { company: 'Zoë 北京 Ελλάδα', message: 'Ωμέγα\r\nčšž' },
      { company: '=HYPERLINK("http://evil.example","click")', message: '+1 555 0100' },
      { company: '-2+3', message: '@SUM(A1:A9)' },
      { company: 'plain', delta: -5 },
    ];
    const leadIds = [];
    for (const answer of answers) leadIds.push(await aContact(answer));

    // Act
    const response = await stack.http.admin.get(EXPORT);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="winnow-leads.csv"');
    const body = String(response.body);
    // RFC 4180: records end in CRLF; the header first.
    expect(body.split('\r\n')[0]).toBe(
      'leadId,email,stage,owner,rep,grade,fitPoints,band,interestScore,createdAt,qualifiedAt,utm_source,company,message,delta,company_size,role,timeframe,budget,industry',
    );
    expect(body.endsWith('\r\n')).toBe(true);
    const rows = new Map(rowsOf(response).map((row) => [row.leadId, row]));
    const expected = [
      { company: 'Acme, Inc. "the best"', message: 'line one\nline two, "quoted"', delta: '' },
      { company: 'Zoë 北京 Ελλάδα', message: 'Ωμέγα\r\nčšž', delta: '' },
      { company: '\'=HYPERLINK("http://evil.example","click")', message: "'+1 555 0100", delta: '' },
      { company: "'-2+3", message: "'@SUM(A1:A9)", delta: '' },
      // OWASP's rule prefixes a negative number too.
      { company: 'plain', message: '', delta: "'-5" },
    ];
    expect(leadIds.map((leadId) => rows.get(leadId)).map((row) => ({ company: row?.company, message: row?.message, delta: row?.delta }))).toEqual(expected);
    expect(rows.get(leadIds[0] ?? '')).toMatchObject({ stage: 'lead', owner: 'marketing', createdAt: stack.clock.now().toISOString() });
  });

  it('pages under the byte budget with a Link to the next page, each page with its header, no lead lost or repeated', async () => {
    // Prepare: 2 KB pages, so a few dozen leads take several.
    const http = apiClient(stack.apiWith({ exportPageBytes: 2048 }));
    for (let i = 0; i < 30; i += 1) await aContact({ company: `Company ${i}, "number" ${i}`, message: `Zoë 北京 ${'x'.repeat(40)}\n${i}` });
    const everyLead = rowsOf(await stack.http.admin.get(EXPORT)).map((row) => row.leadId);

    // Act
    const pages = await allPages(http, EXPORT);

    // Assess
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      expect(Buffer.byteLength(String(page.body))).toBeLessThanOrEqual(2048);
      expect(String(page.body)).toMatch(/^leadId,email,stage,/);
    }
    for (const page of pages.slice(0, -1)) expect(page.headers.link).toMatch(/^<\/v1\/admin\/leads\/export\.csv\?cursor=[A-Za-z0-9_-]+>; rel="next"$/);
    expect(pages.at(-1)?.headers.link).toBeUndefined();
    const paged = pages.flatMap(rowsOf).map((row) => row.leadId);
    expect(paged).toEqual(everyLead);
    expect(new Set(paged).size).toBe(paged.length);
  });

  it('keeps the stage and the period in the next page’s link and exports only the leads they select', async () => {
    // Prepare: two MQLs a day apart, and a lead that stays a lead; pages of one row each.
    const http = apiClient(stack.apiWith({ exportPageBytes: 256 }));
    const firstDay = stack.clock.advance(10 * DAY);
    const early = await submitGradeALead(stack.http, ids);
    await stack.scoreQueued();
    stack.clock.advance(DAY);
    const late = await submitGradeALead(stack.http, ids);
    await aContact({ company: 'never qualifies' });
    await stack.scoreQueued();
    const day = firstDay.toISOString().slice(0, 10);

    // Act
    const mqls = await allPages(http, `${EXPORT}?stage=MQL`);
    const firstDayMqls = await allPages(http, `${EXPORT}?stage=MQL&from=${day}&to=${day}`);

    // Assess
    expect(mqls.flatMap(rowsOf).map((row) => row.leadId).sort()).toEqual([early, late].sort());
    expect(mqls.flatMap(rowsOf).every((row) => row.stage === 'MQL' && row.owner === 'sales' && row.grade === 'A' && row.qualifiedAt !== '')).toBe(true);
    expect(mqls.length).toBe(2);
    expect(mqls[0]?.headers.link).toMatch(/^<\/v1\/admin\/leads\/export\.csv\?stage=MQL&cursor=/);
    expect(firstDayMqls.flatMap(rowsOf).map((row) => row.leadId)).toEqual([early]);
  });

  it.each([
    ['a cursor it never handed out', `${EXPORT}?cursor=not-a-cursor`, 'cursor'],
    ['a cursor of an export with another stage', 'other-stage', 'cursor'],
    ['a stage that does not exist', `${EXPORT}?stage=hot`, 'stage'],
    ['a from after to', `${EXPORT}?from=2025-03-02&to=2025-03-01`, 'from'],
    ['a from that is no date', `${EXPORT}?from=yesterday`, 'from'],
  ])('answers %s with 400 in the SPEC’s error shape', async (_, path, field) => {
    // Prepare: a real cursor, from an export of every stage, sent with a stage.
    let target = path;
    if (path === 'other-stage') {
      const http = apiClient(stack.apiWith({ exportPageBytes: 512 }));
      await aContact({ company: 'one' });
      await aContact({ company: 'two' });
      const first = await http.admin.get(EXPORT);
      target = `${nextOf(first) ?? ''}&stage=MQL`;
    }

    // Act
    const response = await stack.http.admin.get(target);

    // Assess
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBeTypeOf('string');
    expect(issuePaths(response)).toEqual([field]);
  });

  it('answers 401 without the admin token', async () => {
    // Act
    const response = await stack.http.get(EXPORT);

    // Assess
    expect(response.status).toBe(401);
    expect(errorOf(response).code).toBeTypeOf('string');
  });
});
