import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSla } from '../../../functions/workers/sla.js';
import { objectOf } from '../../helpers/http.js';
import { SALES_LEAD, startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

const HOUR = 3_600_000;

describe('an MQL that sales leaves unanswered is escalated once (local stack, injected clock)', () => {
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

  const anMql = async (): Promise<{ leadId: string; email: string }> => {
    const email = stack.ids.email('sla');
    const leadId = await stack.aGradeALead(email);
    await stack.scoreQueued();
    return { leadId, email };
  };
  const escalationsAbout = async (email: string) =>
    (await stack.emails()).filter((mail) => mail.destination.to.includes(SALES_LEAD) && mail.body.text.includes(email));

  it('escalates to the SLA contacts once the playbook’s 24 hours pass, and never twice', async () => {
    // Prepare
    const { leadId, email } = await anMql();

    // Act
    stack.clock.advance(23 * HOUR);
    const early = await runSla(stack.notifyDeps);
    const earlyMail = await escalationsAbout(email);
    stack.clock.advance(2 * HOUR);
    const due = await runSla(stack.notifyDeps);
    stack.clock.advance(HOUR);
    const again = await runSla(stack.notifyDeps);

    // Assess
    expect(early.escalated).toBe(0);
    expect(earlyMail).toEqual([]);
    expect(due).toMatchObject({ escalated: 1, failed: 0 });
    expect(again).toMatchObject({ escalated: 0, failed: 0 });
    const [mail, ...more] = await escalationsAbout(email);
    expect(more).toEqual([]);
    expect(mail?.body.text).toContain('25');
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    expect(lead.notifications).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'escalation', channel: 'email', status: 'sent' })]));
  });

  it('does not escalate an MQL that sales accepted in time', async () => {
    // Prepare
    const { leadId, email } = await anMql();
    await stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, { decision: 'accept' });

    // Act
    stack.clock.advance(48 * HOUR);
    await runSla(stack.notifyDeps);

    // Assess
    expect(await escalationsAbout(email)).toEqual([]);
  });
});
