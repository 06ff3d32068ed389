import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSla } from '../../../functions/workers/sla.js';
import { adminHeaders, lambdaContext, objectOf } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';
import { SALES, linksIn, startQualificationStack, type CaughtEmail, type QualificationStack } from '../../helpers/qualification-stack.js';
import { aPlaybookInput } from '../../helpers/factories.js';

const HOUR_MS = 3_600_000;
const ALL_WEEK = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
const ANA = 'ana@reps.example.com';
const BEN = 'ben@reps.example.com';
const FALLBACK = 'sales-lead@example.com';

/** Two reps of equal weight in one pool, working around the clock, so the test's clock never falls off hours. */
const aTeam = () => ({
  id: 'sales',
  timezone: 'Europe/Berlin',
  workingHours: ALL_WEEK,
  reps: [
    { id: 'ana', name: 'Ana Ruiz', email: ANA, slackUserId: 'U024BE7LH', pools: ['mid'] },
    { id: 'ben', name: 'Ben Okafor', email: BEN, pools: ['mid'] },
  ],
  fallback: [FALLBACK],
});

const anAssigningPlaybook = () => ({
  ...aPlaybookInput(),
  notify: { email: [SALES], slack: true },
  team: 'sales',
  assign: [{ pool: 'mid' }],
  sla: { acceptWithinHours: 1, businessHours: true, maxReassignments: 1, escalateTo: [FALLBACK] },
  followUp: { attemptsBeforeReturn: 2, reasonsWithoutAttempts: ['spam'] },
  returnReasons: ['no_response', 'spam'],
});

interface LeadView {
  stage: string;
  rep?: string;
  pool?: string;
  assignments: { rep?: string; round: number; dueAt?: string; missedAt?: string }[];
}

interface Standing {
  id: string;
  open: number;
  availability: string;
  nextIn: string[];
}

describe('sales reps: round-robin assignment, away, SLA reassignment and follow-up (local stack, SES catcher, fake Slack)', () => {
  let stack: QualificationStack;

  const to = (mails: CaughtEmail[], address: string, about: string) => mails.filter((mail) => mail.destination.to.includes(address) && mail.body.text.includes(about));
  const leadView = async (leadId: string) => objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`)) as unknown as LeadView;
  const standing = async () => (objectOf(await stack.http.admin.get('/v1/admin/teams/sales')).standing as Standing[]).map(({ id, open, availability, nextIn }) => ({ id, open, availability, nextIn }));
  const qualifyOne = async (label: string) => {
    const email = stack.ids.email(label);
    const leadId = await stack.aGradeALead(email);
    const { response } = await stack.scoreQueued();
    expect(response.batchItemFailures).toEqual([]);
    return { email, leadId };
  };

  beforeAll(async () => {
    stack = await startQualificationStack();
    expect((await stack.http.admin.put('/v1/admin/teams/sales', aTeam())).status).toBe(200);
    expect((await stack.http.admin.put('/v1/admin/playbooks/default', anAssigningPlaybook())).status).toBe(200);
  });

  beforeEach(async () => {
    await stack.drainQueue();
    stack.slack.reset();
    // Every test starts with nobody away and nobody holding a lead from an earlier test.
    for (const rep of ['ana', 'ben']) await stack.http.send('DELETE', `/v1/admin/teams/sales/reps/${rep}/away`, { headers: adminHeaders() });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('refuses a playbook naming a team that is not published', async () => {
    // Act
    const response = await stack.http.admin.put('/v1/admin/playbooks/other', { ...anAssigningPlaybook(), id: 'other', team: 'nobody' });

    // Assess
    expect(response.status).toBe(400);
    expect(objectOf(response).error).toMatchObject({ issues: [{ path: 'team', message: 'team "nobody" is not published' }] });
  });

  it('assigns an MQL to the rep whose turn it is and tells that rep once by email and by a Slack mention, the team naming who has it', async () => {
    // Prepare
    const before = await standing();
    const next = before.find((rep) => rep.nextIn.includes('mid'))?.id;

    // Act
    const { email, leadId } = await qualifyOne('assigned');
    const messages = await stack.drainQueue();
    for (let delivery = 1; delivery <= 3; delivery += 1) await stack.scorer(sqsEvent(messages), lambdaContext('winnow-scorer'));

    // Assess
    const view = await leadView(leadId);
    expect(view).toMatchObject({ stage: 'MQL', rep: next, pool: 'mid' });
    const mails = await stack.emails();
    const repAddress = next === 'ana' ? ANA : BEN;
    const [notice, ...more] = to(mails, repAddress, email);
    expect(more).toEqual([]);
    expect(notice?.subject).toContain('Assigned to you');
    expect(notice?.body.text).toContain('Log a call');
    expect(linksIn(notice?.body.text ?? '').accept).toContain(`rep=${next}`);
    const [teamNotice] = to(mails, SALES, email);
    expect(teamNotice?.body.text).toContain(`Assigned to: ${next === 'ana' ? 'Ana Ruiz' : 'Ben Okafor'}`);
    if (next === 'ana') expect(JSON.stringify(stack.slack.delivered)).toContain('<@U024BE7LH>');
    const after = await standing();
    expect(after.find((rep) => rep.id === next)?.open).toBe((before.find((rep) => rep.id === next)?.open ?? 0) + 1);
    const listed = objectOf(await stack.http.admin.get(`/v1/admin/leads?stage=MQL&rep=${next}&limit=100`)).leads as { leadId: string }[];
    expect(listed.map((lead) => lead.leadId)).toContain(leadId);
    const unassigned = objectOf(await stack.http.admin.get('/v1/admin/leads?stage=MQL&rep=none&limit=100')).leads as { leadId: string }[];
    expect(unassigned.map((lead) => lead.leadId)).not.toContain(leadId);
  });

  it('gives two scorers racing on one pool each lead once, in turns: five leads each out of ten', async () => {
    // Prepare
    const before = await standing();
    const leads: string[] = [];
    for (let i = 0; i < 10; i += 1) leads.push(await stack.aGradeALead(stack.ids.email(`race-${i}`)));
    const messages = await stack.drainQueue();
    const [first, second] = [messages.filter((_, i) => i % 2 === 0), messages.filter((_, i) => i % 2 === 1)];

    // Act: two scorers, each with half the jobs, at once; then each with the other half.
    await Promise.all([stack.scorer(sqsEvent(first), lambdaContext('winnow-scorer')), stack.scorerWith({})(sqsEvent(second), lambdaContext('winnow-scorer'))]);
    await Promise.all([stack.scorer(sqsEvent(second), lambdaContext('winnow-scorer')), stack.scorerWith({})(sqsEvent(first), lambdaContext('winnow-scorer'))]);

    // Assess
    const reps = await Promise.all(leads.map(async (leadId) => (await leadView(leadId)).assignments));
    expect(reps.every((assignments) => assignments.length === 1)).toBe(true);
    const counts = { ana: 0, ben: 0 };
    for (const [assignment] of reps) counts[assignment?.rep as 'ana' | 'ben'] += 1;
    expect(counts).toEqual({ ana: 5, ben: 5 });
    const after = await standing();
    const opened = (id: string) => (after.find((rep) => rep.id === id)?.open ?? 0) - (before.find((rep) => rep.id === id)?.open ?? 0);
    expect({ ana: opened('ana'), ben: opened('ben') }).toEqual({ ana: 5, ben: 5 });
  });

  it('skips a rep marked away mid-rotation, and takes them back once the absence is cleared', async () => {
    // Prepare
    const away = { from: new Date(stack.clock.now().getTime() - HOUR_MS).toISOString(), to: new Date(stack.clock.now().getTime() + 24 * HOUR_MS).toISOString(), note: 'holiday' };
    expect((await stack.http.admin.put('/v1/admin/teams/sales/reps/ben/away', away)).status).toBe(204);

    // Act
    const during: (string | undefined)[] = [];
    for (const label of ['away-1', 'away-2', 'away-3']) during.push((await leadView((await qualifyOne(label)).leadId)).rep);
    const benWhileAway = (await standing()).find((rep) => rep.id === 'ben');
    await stack.http.send('DELETE', '/v1/admin/teams/sales/reps/ben/away', { headers: adminHeaders() });
    const back = [(await leadView((await qualifyOne('back-1')).leadId)).rep, (await leadView((await qualifyOne('back-2')).leadId)).rep];

    // Assess
    expect(during).toEqual(['ana', 'ana', 'ana']);
    expect(benWhileAway?.availability).toBe('away');
    expect(back).toContain('ben');
  });

  it('leaves a lead nobody can take unassigned in its pool and tells the fallback once, listed under rep=none', async () => {
    // Prepare: both reps away.
    const away = { from: new Date(stack.clock.now().getTime() - HOUR_MS).toISOString(), to: new Date(stack.clock.now().getTime() + 24 * HOUR_MS).toISOString() };
    for (const rep of ['ana', 'ben']) expect((await stack.http.admin.put(`/v1/admin/teams/sales/reps/${rep}/away`, away)).status).toBe(204);

    // Act
    const { email, leadId } = await qualifyOne('nobody');
    const messages = await stack.drainQueue();
    await stack.scorer(sqsEvent(messages), lambdaContext('winnow-scorer'));

    // Assess
    const view = await leadView(leadId);
    expect(view.rep).toBeUndefined();
    expect(view.assignments).toEqual([expect.objectContaining({ round: 0, pool: 'mid' })]);
    const mails = await stack.emails();
    expect(to(mails, FALLBACK, email).filter((mail) => mail.subject.startsWith('Nobody to assign'))).toHaveLength(1);
    expect([...to(mails, ANA, email), ...to(mails, BEN, email)]).toEqual([]);
    const unassigned = objectOf(await stack.http.admin.get('/v1/admin/leads?stage=MQL&rep=none&pool=mid&limit=100')).leads as { leadId: string }[];
    expect(unassigned.map((lead) => lead.leadId)).toContain(leadId);
  });

  it('moves a lead nobody touched in time to the next rep, tells the one who missed it once, and refuses their old link naming who has it now', async () => {
    // Prepare
    const { email, leadId } = await qualifyOne('sla');
    const first = (await leadView(leadId)).rep;
    const firstAddress = first === 'ana' ? ANA : BEN;
    const oldLinks = linksIn(to(await stack.emails(), firstAddress, email)[0]?.body.text ?? '');
    stack.clock.advance(HOUR_MS + 60_000);

    // Act
    const firstRun = await runSla(stack.notifyDeps);
    await runSla(stack.notifyDeps);
    const refused = await stack.http.send('POST', oldLinks.accept, { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    // Assess
    expect(firstRun.reassigned).toBeGreaterThanOrEqual(1);
    const view = await leadView(leadId);
    const second = view.rep;
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(view.assignments.map(({ rep, round, missedAt }) => ({ rep, round, missed: missedAt !== undefined }))).toEqual([
      { rep: first, round: 0, missed: true },
      { rep: second, round: 1, missed: false },
    ]);
    const mails = await stack.emails();
    const moved = to(mails, firstAddress, email).filter((mail) => mail.subject.startsWith('Moved on'));
    expect(moved).toHaveLength(1);
    expect(moved[0]?.subject).toContain(second === 'ana' ? 'Ana Ruiz' : 'Ben Okafor');
    expect(to(mails, second === 'ana' ? ANA : BEN, email).filter((mail) => mail.subject.includes('Assigned to you'))).toHaveLength(1);
    // Ana has a Slack id: one mention for her one assignment to this lead, none for Ben's.
    const mentions = stack.slack.delivered.map((post) => JSON.stringify(post)).filter((post) => post.includes(email) && post.includes('<@U024BE7LH>') && post.includes('Assigned to you'));
    expect(mentions).toHaveLength(1);
    expect(refused.status).toBe(409);
    expect(String(refused.body)).toContain(second === 'ana' ? 'Ana Ruiz' : 'Ben Okafor');
    expect((await leadView(leadId)).stage).toBe('MQL');
  });

  it('refuses a return until the attempts are logged, takes one whose reason needs none, and frees the rep’s place', async () => {
    // Prepare
    const { leadId } = await qualifyOne('follow-up');
    const rep = (await leadView(leadId)).rep ?? '';
    const openBefore = (await standing()).find((standingRep) => standingRep.id === rep)?.open ?? 0;
    const feedback = (body: object) => stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, body);

    // Act
    const tooSoon = await feedback({ decision: 'reject', reason: 'no_response', rep });
    const unlisted = await feedback({ decision: 'reject', reason: 'not_ready', rep });
    await feedback({ decision: 'attempt', channel: 'call', note: 'voicemail', rep });
    await feedback({ decision: 'attempt', channel: 'email', rep });
    const returned = await feedback({ decision: 'reject', reason: 'no_response', rep });

    // Assess
    expect(tooSoon.status).toBe(409);
    expect(objectOf(tooSoon).error).toMatchObject({ code: 'follow_up_required' });
    expect(unlisted.status).toBe(400);
    expect(returned.status).toBe(200);
    const view = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    expect(view.stage).toBe('nurture');
    expect((view.attempts as { by: string }[]).map((attempt) => attempt.by)).toEqual([rep, rep]);
    expect((view.history as { by?: string }[]).at(-1)?.by).toBe(rep);
    expect((await standing()).find((standingRep) => standingRep.id === rep)?.open).toBe(openBefore - 1);
  });

  it('frees the rep’s place when an assigned lead is erased', async () => {
    // Prepare
    const { leadId } = await qualifyOne('erased');
    const rep = (await leadView(leadId)).rep ?? '';
    const openBefore = (await standing()).find((standingRep) => standingRep.id === rep)?.open ?? 0;

    // Act
    const erased = await stack.http.send('DELETE', `/v1/admin/leads/${leadId}`, { headers: adminHeaders() });

    // Assess
    expect(erased.status).toBe(204);
    expect((await standing()).find((standingRep) => standingRep.id === rep)?.open).toBe(openBefore - 1);
  });
});
