import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { issuePaths, objectOf } from '../../helpers/http.js';
import { linksIn, startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';
import { aVisitor } from '../../helpers/local-stack.js';

const DAY = 86_400_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface LeadSummary {
  leadId: string;
  interest: { score: number } | null;
  fit: { points: number } | null;
}

describe('the scorer moves leads through the lifecycle (local stack)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
    await stack.publishForm({
      id: 'talk-to-sales',
      title: 'Talk to sales',
      playbook: 'default',
      handRaiser: true,
      allowedOrigins: ['https://www.example.com'],
      questions: [{ id: 'email', type: 'email', label: 'Work email', required: true }],
    });
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });

  const leadView = async (leadId: string) => objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
  const mailAbout = async (email: string) => (await stack.emails()).filter((mail) => mail.destination.to.includes('sales@example.com') && mail.body.text.includes(email));
  const anEvent = (leadId: string, type = 'pricing_view') => stack.http.post('/v1/events', { leadId, eventId: stack.ids.id('evt'), type });

  it('sends a hand-raiser to sales at once, whatever its scores, marked as such', async () => {
    // Prepare
    const email = stack.ids.email('hand');
    const leadId = await aVisitor(stack.http, 'talk-to-sales');
    await stack.http.post('/v1/forms/talk-to-sales/submissions', { leadId, submissionId: stack.ids.id('sub'), answers: { email } });

    // Act
    await stack.scoreQueued();

    // Assess
    const lead = await leadView(leadId);
    expect(lead).toMatchObject({ stage: 'MQL', owner: 'sales', handRaiser: true });
    // Sales reads the form's title in the history, never its id.
    expect((lead.history as { why: string }[]).at(-1)?.why).toBe('raised a hand on “Talk to sales”');
    expect((lead.fit as { grade: string }).grade).toBe('D');
    expect(await mailAbout(email)).toHaveLength(1);
  });

  it('recycles a nurtured lead that qualifies again after recycle.afterDays, in a new cycle told once more', async () => {
    // Prepare: qualified, then returned to marketing.
    const email = stack.ids.email('recycled');
    const leadId = await stack.aGradeALead(email);
    await stack.scoreQueued();
    const [first] = await mailAbout(email);
    await stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, { decision: 'reject', reason: 'not now' });

    // Act
    stack.clock.advance(10 * DAY);
    await anEvent(leadId);
    await stack.scoreQueued();
    const tooEarly = await leadView(leadId);
    stack.clock.advance(21 * DAY);
    await anEvent(leadId);
    await stack.scoreQueued();
    await stack.scoreQueued();

    // Assess
    expect(tooEarly).toMatchObject({ stage: 'nurture' });
    const lead = await leadView(leadId);
    expect(lead).toMatchObject({ stage: 'MQL', cycle: 2 });
    expect((lead.history as { why: string }[]).at(-1)?.why).toContain('recycled after 30 days');
    const mails = await mailAbout(email);
    expect(mails).toHaveLength(2);
    const oldLink = linksIn(first?.body.text ?? '').accept;
    // The first cycle's link has long expired (links live 14 days, recycling takes 30): it decides nothing.
    const stale = await stack.http.post(oldLink, '', { headers: FORM });
    expect(stale.status).toBe(403);
    expect((await leadView(leadId)).stage).toBe('MQL');
  });

  it('lists the leads of a stage hottest first, page by page with an opaque cursor', async () => {
    // Prepare: three MQLs with 0, 2 and 4 pricing views.
    const leads: string[] = [];
    for (const views of [0, 2, 4]) {
      const leadId = await stack.aGradeALead();
      for (let i = 0; i < views; i += 1) await anEvent(leadId);
      leads.push(leadId);
    }
    await stack.scoreQueued();

    // Act
    const listed: LeadSummary[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = objectOf(await stack.http.admin.get(`/v1/admin/leads?stage=MQL&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      listed.push(...(page.leads as LeadSummary[]));
      cursor = page.cursor as string | undefined;
      pages += 1;
    } while (cursor);

    // Assess
    expect(pages).toBeGreaterThan(1);
    const ids = listed.map((l) => l.leadId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(leads));
    const hotness = listed.map((l) => [l.interest?.score ?? 0, l.fit?.points ?? 0] as const);
    const sorted = [...hotness].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(hotness).toEqual(sorted);
    expect(ids.indexOf(leads[2] ?? '')).toBeLessThan(ids.indexOf(leads[1] ?? ''));
    expect(ids.indexOf(leads[1] ?? '')).toBeLessThan(ids.indexOf(leads[0] ?? ''));
  });

  it('hands out no cursor after a full last page, and refuses a cursor it never handed out with 400 naming it', async () => {
    // Prepare: however many MQLs the file made, list them all, then a page of exactly that many.
    const everyMql = async (): Promise<number> => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const page = objectOf(await stack.http.admin.get(`/v1/admin/leads?stage=MQL&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
        count += (page.leads as unknown[]).length;
        cursor = page.cursor as string | undefined;
      } while (cursor);
      return count;
    };
    await stack.aGradeALead();
    await stack.scoreQueued();
    const total = await everyMql();
    const first = objectOf(await stack.http.admin.get(`/v1/admin/leads?stage=MQL&limit=1`));
    const forged = [
      'not-base64-json',
      Buffer.from(JSON.stringify({ PK: 'CATALOG', SK: 'FORM#demo-request', GSI3PK: 'STAGE#MQL', GSI3SK: 'x' })).toString('base64url'),
      Buffer.from(JSON.stringify({ PK: 'LEAD#x', SK: 'PROFILE', GSI3PK: 'STAGE#SQL', GSI3SK: 'x' })).toString('base64url'),
      Buffer.from(JSON.stringify({ PK: 1 })).toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ];

    // Act
    const exact = objectOf(await stack.http.admin.get(`/v1/admin/leads?stage=MQL&limit=${total}`));
    const refused = await Promise.all(forged.map((cursor) => stack.http.admin.get(`/v1/admin/leads?stage=MQL&cursor=${encodeURIComponent(cursor)}`)));
    const otherStage = await stack.http.admin.get(`/v1/admin/leads?stage=SQL&cursor=${encodeURIComponent(String(first.cursor))}`);

    // Assess
    expect((exact.leads as unknown[]).length).toBe(total);
    expect(exact).not.toHaveProperty('cursor');
    expect(first.cursor).toEqual(expect.any(String));
    for (const response of [...refused, otherStage]) {
      expect(response.status).toBe(400);
      expect(issuePaths(response)).toEqual(['cursor']);
    }
  });
});
