import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, objectOf } from '../../helpers/http.js';
import { linksIn, startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

const DAY = 86_400_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('sales answers a lead through the admin API and the signed links (local stack)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });

  /** A grade-A lead, scored into MQL; answers its id and the links of its notification. */
  const anMql = async () => {
    const email = stack.ids.email('mql');
    const leadId = await stack.aGradeALead(email);
    await stack.scoreQueued();
    const mail = (await stack.emails()).find((m) => m.body.text.includes(email));
    if (!mail) throw new Error(`no notification for ${email}`);
    return { leadId, links: linksIn(mail.body.text) };
  };

  const stageOf = async (leadId: string) => objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`)).stage;
  const feedback = (leadId: string, body: unknown) => stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, body);

  it('accepts an MQL into SAL, then converts it to SQL, each step in the history with its reason', async () => {
    // Prepare
    const { leadId } = await anMql();

    // Act
    const accepted = await feedback(leadId, { decision: 'accept' });
    const converted = await feedback(leadId, { decision: 'convert', reason: 'signed the order form' });

    // Assess
    expect(accepted.status).toBe(200);
    expect(objectOf(accepted)).toMatchObject({ stage: 'SAL', owner: 'sales' });
    expect(converted.status).toBe(200);
    const history = objectOf(converted).history as { from: string; to: string }[];
    expect(history.map((t) => `${t.from}→${t.to}`)).toEqual(['lead→MQL', 'MQL→SAL', 'SAL→SQL']);
    expect(await stageOf(leadId)).toBe('SQL');
  });

  it('returns a lead to marketing only with a reason, and keeps the reason', async () => {
    // Prepare
    const { leadId } = await anMql();
    const before = await stack.dumpTable();

    // Act
    const withoutReason = await feedback(leadId, { decision: 'reject' });
    const unchanged = await stack.dumpTable();
    const rejected = await feedback(leadId, { decision: 'reject', reason: 'no budget this year' });

    // Assess
    expect(withoutReason.status).toBe(400);
    expect(errorOf(withoutReason).issues?.map((i) => i.path)).toEqual(['reason']);
    expect(unchanged).toEqual(before);
    expect(objectOf(rejected)).toMatchObject({ stage: 'nurture', owner: 'marketing' });
    const history = objectOf(rejected).history as { to: string; reason?: string }[];
    expect(history.at(-1)).toMatchObject({ to: 'nurture', reason: 'no budget this year' });
  });

  it('refuses with 409 a decision the stage does not allow, changing nothing', async () => {
    // Prepare
    const { leadId } = await anMql();
    await feedback(leadId, { decision: 'accept' });
    const before = await stack.dumpTable();

    // Act
    const again = await feedback(leadId, { decision: 'accept' });

    // Assess
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBeTruthy();
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('shows a confirmation page for a link and changes nothing until its form is posted', async () => {
    // Prepare
    const { leadId, links } = await anMql();
    const before = await stack.dumpTable();

    // Act
    const page = await stack.http.get(links.accept);
    const unchanged = await stack.dumpTable();
    const posted = await stack.http.post(links.accept, '', { headers: FORM });

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(String(page.body)).toContain('<form method="post"');
    expect(unchanged).toEqual(before);
    expect(posted.status).toBe(200);
    expect(await stageOf(leadId)).toBe('SAL');
  });

  it('says a second click was already done, with 409, and changes nothing', async () => {
    // Prepare
    const { leadId, links } = await anMql();
    await stack.http.post(links.accept, '', { headers: FORM });
    const before = await stack.dumpTable();

    // Act
    const second = await stack.http.post(links.accept, '', { headers: FORM });

    // Assess
    expect(second.status).toBe(409);
    expect(String(second.body)).toContain('Already done');
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stageOf(leadId)).toBe('SAL');
  });

  it('returns a lead through the reject link with the reason typed on its page', async () => {
    // Prepare
    const { leadId, links } = await anMql();

    // Act
    const page = await stack.http.get(links.reject);
    const posted = await stack.http.post(links.reject, 'reason=wrong+region', { headers: FORM });

    // Assess
    expect(String(page.body)).toContain('<textarea');
    expect(posted.status).toBe(200);
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    expect(lead.stage).toBe('nurture');
    expect((lead.history as { reason?: string }[]).at(-1)?.reason).toBe('wrong region');
  });

  it.each([
    ['a decision changed from reject to accept', (link: string) => link.replace('decision=reject', 'decision=accept')],
    ['a signature cut short', (link: string) => link.replace(/sig=([^&]+)/, (_, sig: string) => `sig=${sig.slice(0, -2)}`)],
    ['another cycle', (link: string) => link.replace('cycle=1', 'cycle=2')],
    ['a later expiry', (link: string) => link.replace(/exp=(\d+)/, (_, exp: string) => `exp=${Number(exp) + 86_400}`)],
  ])('refuses a tampered link (%s) with 403 on GET and POST, changing nothing', async (_, tamper) => {
    // Prepare
    const { links } = await anMql();
    const tampered = tamper(links.reject);
    const before = await stack.dumpTable();

    // Act
    const page = await stack.http.get(tampered);
    const posted = await stack.http.post(tampered, 'reason=x', { headers: FORM });

    // Assess
    expect(tampered).not.toBe(links.reject);
    expect(page.status).toBe(403);
    expect(posted.status).toBe(403);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('refuses an expired link with 403 and says so', async () => {
    // Prepare
    const { leadId, links } = await anMql();
    stack.clock.advance(15 * DAY);

    // Act
    const page = await stack.http.get(links.accept);
    const posted = await stack.http.post(links.accept, '', { headers: FORM });

    // Assess
    expect(page.status).toBe(403);
    expect(String(page.body)).toContain('expired');
    expect(posted.status).toBe(403);
    expect(await stageOf(leadId)).toBe('MQL');
  });
});
