import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormInput } from '../../../functions/core/form.js';
import { HAND_RAISE_GRACE_MS } from '../../../functions/core/notification.js';
import { runSla } from '../../../functions/workers/sla.js';
import { lambdaContext, objectOf } from '../../helpers/http.js';
import { aVisitor, sqsEvent } from '../../helpers/local-stack.js';
import { PUBLIC_URL, SALES, linksIn, startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';

const MINUTE = 60_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A hand-raiser form of three steps (two questions each): who, which company, what they want. */
const TALK_TO_SALES: FormInput & { id: string } = {
  id: 'talk-to-sales',
  title: 'Talk to sales',
  playbook: 'default',
  handRaiser: true,
  questionsPerStep: 2,
  allowedOrigins: ['https://www.example.com'],
  questions: [
    { id: 'email', type: 'email', label: 'Work email', required: true },
    { id: 'first_name', type: 'text', label: 'First name', required: true },
    { id: 'company', type: 'text', label: 'Company' },
    {
      id: 'company_size',
      type: 'select',
      label: 'Company size',
      options: [
        { value: '1-10', label: '1–10' },
        { value: '201+', label: '201 or more' },
      ],
    },
    { id: 'phone', type: 'tel', label: 'Phone' },
    { id: 'message', type: 'textarea', label: 'What would you like to see?' },
  ],
};

describe('a hand-raiser’s notice waits for the form’s last step, or the grace period (local stack, injected clock)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
    await stack.publishForm(TALK_TO_SALES);
  });

  beforeEach(async () => {
    await stack.drainQueue();
    stack.slack.reset();
  });

  afterAll(async () => {
    await stack.close();
  });

  const mailAbout = async (email: string) => (await stack.emails()).filter((mail) => mail.destination.to.includes(SALES) && mail.body.text.includes(email));
  const slackAbout = (email: string) => stack.slack.delivered.filter((post) => JSON.stringify(post).includes(email));
  const leadView = async (leadId: string) => objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));

  /** The three steps of the form, as a visitor who answers every question gives them. */
  const stepsOf = (email: string): Record<string, string>[] => [
    { email, first_name: 'Grace' },
    { company: 'Hopper Labs', company_size: '201+' },
    { phone: '+1 555 0100', message: 'A demo of routing by region, please.' },
  ];

  /** Sends one step and scores what it queued; answers whether the form said it was complete. */
  const answer = async (leadId: string, step: Record<string, string>, formId: string = TALK_TO_SALES.id): Promise<boolean> => {
    const response = await stack.http.post(`/v1/forms/${formId}/submissions`, { leadId, submissionId: stack.ids.id('sub'), answers: step });
    expect(response.status).toBe(202);
    const { response: scored } = await stack.scoreQueued();
    expect(scored.batchItemFailures).toEqual([]);
    return (objectOf(response).next as { complete: boolean }).complete;
  };

  it('sends nothing after step 1 or 2 of 3, though the lead is an MQL at once, then one email and one Slack message after the last step', async () => {
    // Prepare
    const email = stack.ids.email('three-steps');
    const leadId = await aVisitor(stack.http, TALK_TO_SALES.id);
    const [first, second, last] = stepsOf(email);

    // Act
    const afterFirst = { complete: await answer(leadId, first ?? {}), mail: (await mailAbout(email)).length, slack: slackAbout(email).length, lead: await leadView(leadId) };
    const afterSecond = { complete: await answer(leadId, second ?? {}), mail: (await mailAbout(email)).length, slack: slackAbout(email).length };
    const finished = await answer(leadId, last ?? {});

    // Assess
    expect(afterFirst).toMatchObject({ complete: false, mail: 0, slack: 0, lead: { stage: 'MQL', handRaiser: true, notifications: [] } });
    expect(afterSecond).toEqual({ complete: false, mail: 0, slack: 0 });
    expect(finished).toBe(true);
    const [mail, ...more] = await mailAbout(email);
    expect(more).toEqual([]);
    expect(slackAbout(email)).toHaveLength(1);
    expect(mail?.subject).toBe('Hand-raiser: Grace, Hopper Labs asked to talk to sales (grade D, Warm)');
    expect(mail?.body.text).toContain(`Grace, Hopper Labs\n${email} · +1 555 0100\n`);
    expect(mail?.body.text).toContain('What they asked (on the form “Talk to sales”):\n  What would you like to see?\n    A demo of routing by region, please.\n  Company size: 201 or more\n');
    expect(mail?.body.text).toContain(`Open in Winnow: ${PUBLIC_URL}/admin#/leads/${leadId}`);
  });

  it('sends nothing more when the last step’s job is delivered again, or the SLA check runs after', async () => {
    // Prepare
    const email = stack.ids.email('redelivered');
    const leadId = await aVisitor(stack.http, TALK_TO_SALES.id);
    for (const step of stepsOf(email).slice(0, 2)) await answer(leadId, step);
    await stack.http.post(`/v1/forms/${TALK_TO_SALES.id}/submissions`, { leadId, submissionId: stack.ids.id('sub'), answers: stepsOf(email)[2] });
    const lastJob = await stack.drainQueue();

    // Act
    for (let delivery = 1; delivery <= 3; delivery += 1) await stack.scorer(sqsEvent(lastJob), lambdaContext('winnow-scorer'));
    stack.clock.advance(HAND_RAISE_GRACE_MS + MINUTE);
    await runSla(stack.notifyDeps);

    // Assess
    expect(await mailAbout(email)).toHaveLength(1);
    expect(slackAbout(email)).toHaveLength(1);
  });

  it('sends the notice of a lead that stops after step 1 once the grace period has passed, at the SLA check, once', async () => {
    // Prepare
    const email = stack.ids.email('stopped');
    const leadId = await aVisitor(stack.http, TALK_TO_SALES.id);
    await answer(leadId, stepsOf(email)[0] ?? {});

    // Act
    stack.clock.advance(HAND_RAISE_GRACE_MS - MINUTE);
    await runSla(stack.notifyDeps);
    const tooEarly = (await mailAbout(email)).length;
    stack.clock.advance(2 * MINUTE);
    await runSla(stack.notifyDeps);
    await runSla(stack.notifyDeps);
    const afterGrace = await mailAbout(email);
    // The lead comes back and finishes the form: its notice went out already.
    for (const step of stepsOf(email).slice(1)) await answer(leadId, step);

    // Assess
    expect(tooEarly).toBe(0);
    expect(afterGrace).toHaveLength(1);
    expect(afterGrace[0]?.subject).toBe('Hand-raiser: Grace asked to talk to sales (grade D, Cold)');
    expect(afterGrace[0]?.body.text).toContain('What they asked (on the form “Talk to sales”):\n  Nothing beyond who they are.');
    expect(await mailAbout(email)).toHaveLength(1);
    expect(slackAbout(email)).toHaveLength(1);
  });

  it('counts the grace period from the lead’s last step, not its first', async () => {
    // Prepare
    const email = stack.ids.email('slow');
    const leadId = await aVisitor(stack.http, TALK_TO_SALES.id);
    const [first, second] = stepsOf(email);
    await answer(leadId, first ?? {});
    stack.clock.advance(HAND_RAISE_GRACE_MS - MINUTE);
    await answer(leadId, second ?? {});

    // Act
    stack.clock.advance(2 * MINUTE);
    await runSla(stack.notifyDeps);
    const stillAnswering = (await mailAbout(email)).length;
    stack.clock.advance(HAND_RAISE_GRACE_MS);
    await runSla(stack.notifyDeps);

    // Assess
    expect(stillAnswering).toBe(0);
    expect(await mailAbout(email)).toHaveLength(1);
  });

  it('tells sales, flagged in the subject, when an MQL it was told of raises its hand, once', async () => {
    // Prepare: a grade-A MQL from the (not hand-raising) demo-request form, told to sales.
    const email = stack.ids.email('already-mql');
    const leadId = await stack.aGradeALead(email);
    await stack.scoreQueued();
    const [told] = await mailAbout(email);

    // Act: the same person asks to talk to sales, from the same device, which the form asks only what it does not know.
    const firstComplete = await answer(leadId, { first_name: 'Grace', company: 'Hopper Labs' });
    const beforeLastStep = (await mailAbout(email)).length;
    const lastComplete = await answer(leadId, { phone: '+1 555 0100', message: 'A demo, please.' });

    // Assess
    expect(told?.subject).toMatch(/^New MQL: /);
    expect([firstComplete, beforeLastStep, lastComplete]).toEqual([false, 1, true]);
    const mails = await mailAbout(email);
    expect(mails.map((mail) => mail.subject)).toEqual([told?.subject, 'Hand-raiser, already an MQL: Grace, Hopper Labs asked to talk to sales (grade A, Warm)']);
    expect(mails[1]?.body.html).toContain('<span class="flag">Already an MQL</span>');
    const lead = await leadView(leadId);
    expect(lead).toMatchObject({ stage: 'MQL', cycle: 1, handRaiser: true });
    expect((lead.notifications as { kind: string; round?: number; channel: string; status: string }[]).map(({ kind, round, channel, status }) => ({ kind, round, channel, status }))).toEqual(
      expect.arrayContaining([
        { kind: 'qualified', round: undefined, channel: 'email', status: 'sent' },
        { kind: 'qualified', round: 1, channel: 'email', status: 'sent' },
      ]),
    );
  });

  describe('the confirmation page of a link in the notice', () => {
    /** A lead that answered the whole form, and the links of its notice. */
    const aToldLead = async () => {
      const email = stack.ids.email('confirm');
      const leadId = await aVisitor(stack.http, TALK_TO_SALES.id);
      for (const step of stepsOf(email)) await answer(leadId, step);
      const [mail] = await mailAbout(email);
      return { email, leadId, links: linksIn(mail?.body.text ?? '') };
    };

    it('names the lead it decides on: name and company as its heading, email and phone, scores and a link to the admin page', async () => {
      // Prepare
      const { email, leadId, links } = await aToldLead();

      // Act
      const page = String((await stack.http.get(links.accept)).body);

      // Assess
      expect(page).toContain('<title>Accept Grace, Hopper Labs? · Winnow</title>');
      expect(page).toContain('<h1>Accept Grace, Hopper Labs?</h1>');
      expect(page).toContain(`<p>${email} · +1 555 0100</p>`);
      expect(page).toContain('<p class="muted">Grade D · Warm · stage MQL</p>');
      expect(page).toContain(`<a href="/admin#/leads/${leadId}">Open in Winnow</a>`);
    });

    it('names the lead on the page that confirms the decision', async () => {
      // Prepare
      const { links } = await aToldLead();

      // Act
      const posted = await stack.http.post(links.reject, 'reason=not+now', { headers: FORM });

      // Assess
      expect(posted.status).toBe(200);
      expect(String(posted.body)).toContain('<h1>Done: Grace, Hopper Labs</h1>');
      expect(String(posted.body)).toContain('<p>Grace, Hopper Labs is returned to marketing (nurture).</p>');
      expect(String(posted.body)).toContain('stage nurture');
    });
  });
});
