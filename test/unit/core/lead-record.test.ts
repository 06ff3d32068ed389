import { describe, expect, it } from 'vitest';
import type { AcceptedStep } from '../../../functions/core/answers.js';
import {
  DEFAULT_PLAYBOOK,
  MAX_CLAIMS,
  MAX_CLAIM_CHARACTERS,
  absorbAlias,
  answersOf,
  recordAliasStep,
  newEmailIn,
  newLeadRecord,
  playbookOf,
  recordStep,
  type LeadRecord,
} from '../../../functions/core/lead-record.js';
import { NOW, aForm, aLeadRecord, aSpecForm, daysAgo, hoursAgo, named } from '../../helpers/factories.js';

const step = (answers: AcceptedStep['answers'], skipped: string[] = []): AcceptedStep => ({ answers, skipped });

describe('newLeadRecord', () => {
  it('starts a lead with no answers, skips or submissions, created and updated now', () => {
    // Act
    const lead = newLeadRecord('lead_a', NOW);

    // Assess
    expect(lead).toEqual({
      leadId: 'lead_a',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      answers: {},
      answeredAt: {},
      skipped: {},
      submissionIds: [],
      mergedFrom: [],
    });
  });
});

describe('playbookOf', () => {
  it.each(
    named<{ behaviour: string; lead: Pick<LeadRecord, 'playbookId'> | undefined; playbook: string }>([
      { behaviour: 'scores an unknown lead with the default playbook', lead: undefined, playbook: DEFAULT_PLAYBOOK },
      { behaviour: 'scores a lead that submitted no form with the default playbook', lead: aLeadRecord(), playbook: 'default' },
      { behaviour: 'scores a lead with the playbook of the form it last submitted', lead: aLeadRecord({ playbookId: 'enterprise' }), playbook: 'enterprise' },
    ]),
  )('%s', (_, { lead, playbook }) => {
    // Act
    const result = playbookOf(lead);

    // Assess
    expect(result).toBe(playbook);
  });
});

describe('recordStep', () => {
  it('stores an accepted step at once: answers, when each was answered, skips, the form and its playbook', () => {
    // Prepare
    const form = aSpecForm({ playbook: 'enterprise' });
    const lead = aLeadRecord();

    // Act
    const recorded = recordStep(lead, form, step({ email: 'ada@example.com' }, ['company_size']), { submissionId: 'sub-1', at: NOW });

    // Assess
    expect(recorded).toEqual({
      ...lead,
      answers: { email: 'ada@example.com' },
      answeredAt: { email: NOW.toISOString() },
      skipped: { 'demo-request': ['company_size'] },
      submissionIds: ['sub-1'],
      updatedAt: NOW.toISOString(),
      lastFormId: 'demo-request',
      playbookId: 'enterprise',
      source: { formId: 'demo-request' },
    });
  });

  it('remembers the first touch: the form and utm_source of the first submission only', () => {
    // Prepare
    const first = recordStep(aLeadRecord(), aSpecForm(), step({ email: 'ada@example.com' }), { submissionId: 'sub-1', at: hoursAgo(1), utmSource: 'newsletter' });

    // Act
    const second = recordStep(first, aSpecForm({ id: 'ebook' }), step({ role: 'user' }), { submissionId: 'sub-2', at: NOW, utmSource: 'google' });

    // Assess
    expect(second.source).toEqual({ formId: 'demo-request', utmSource: 'newsletter' });
  });

  it('changes nothing when the same submission is applied again', () => {
    // Prepare
    const lead = recordStep(aLeadRecord(), aSpecForm(), step({ email: 'ada@example.com' }), { submissionId: 'sub-1', at: hoursAgo(1) });

    // Act
    const replayed = recordStep(lead, aSpecForm(), step({ email: 'eve@example.com' }), { submissionId: 'sub-1', at: NOW });

    // Assess
    expect(replayed).toBe(lead);
  });

  it('lets the newest answer win per field and keeps when the others were answered', () => {
    // Prepare
    const form = aSpecForm();
    const first = recordStep(aLeadRecord(), form, step({ email: 'ada@example.com', company_size: '1-10' }), { submissionId: 'sub-1', at: hoursAgo(2) });

    // Act
    const second = recordStep(first, form, step({ company_size: '201+' }), { submissionId: 'sub-2', at: NOW });

    // Assess
    expect(second).toMatchObject({
      answers: { email: 'ada@example.com', company_size: '201+' },
      answeredAt: { email: hoursAgo(2).toISOString(), company_size: NOW.toISOString() },
      submissionIds: ['sub-1', 'sub-2'],
    });
  });

  it('remembers the form submitted last, whose playbook now scores the lead', () => {
    // Prepare
    const first = recordStep(aLeadRecord(), aSpecForm(), step({ email: 'ada@example.com' }), { submissionId: 'sub-1', at: hoursAgo(2) });

    // Act
    const second = recordStep(first, aForm({ id: 'partner-signup', playbook: 'partners' }), step({ company: 'Acme' }), { submissionId: 'sub-2', at: NOW });

    // Assess
    expect(second).toMatchObject({ lastFormId: 'partner-signup', playbookId: 'partners' });
    expect(playbookOf(second)).toBe('partners');
  });
});

describe('absorbAlias', () => {
  const survivor = (overrides: Partial<LeadRecord> = {}) =>
    aLeadRecord({ leadId: 'lead_old', createdAt: daysAgo(30).toISOString(), updatedAt: daysAgo(5).toISOString(), ...overrides });
  const absorbed = (overrides: Partial<LeadRecord> = {}) =>
    aLeadRecord({ leadId: 'lead_new', createdAt: daysAgo(2).toISOString(), updatedAt: daysAgo(2).toISOString(), ...overrides });

  it('never replaces an answer the survivor gave itself: a differing one is kept as a claim, a missing one filled', () => {
    // Prepare
    const old = survivor({
      answers: { email: 'ada@example.com', company_size: '1-10', role: 'user' },
      answeredAt: { email: daysAgo(30).toISOString(), company_size: daysAgo(30).toISOString(), role: daysAgo(1).toISOString() },
    });
    const recent = absorbed({
      answers: { email: 'ada@example.com', company_size: '201+', budget: 20000 },
      answeredAt: { email: daysAgo(2).toISOString(), company_size: daysAgo(2).toISOString(), budget: daysAgo(2).toISOString() },
    });

    // Act
    const merged = absorbAlias(old, recent);

    // Assess
    expect(merged.answers).toEqual(old.answers);
    expect(answersOf(merged)).toEqual({ email: 'ada@example.com', company_size: '1-10', role: 'user', budget: 20000 });
    expect(merged.aliasAnswers).toEqual({ budget: { value: 20000, at: daysAgo(2).toISOString(), leadId: 'lead_new' } });
    expect(merged.claims).toEqual([{ field: 'company_size', value: '201+', at: daysAgo(2).toISOString(), leadId: 'lead_new' }]);
  });

  it('dates an absorbed answer with no recorded time by the absorbed lead’s creation', () => {
    // Prepare
    const recent = absorbed({ answers: { role: 'influencer' }, answeredAt: {} });

    // Act
    const merged = absorbAlias(survivor(), recent);

    // Assess
    expect(merged.aliasAnswers?.role).toEqual({ value: 'influencer', at: daysAgo(2).toISOString(), leadId: 'lead_new' });
  });

  it('lets the newest alias answer win among aliases, and hands on what the absorbed lead’s own aliases gave', () => {
    // Prepare
    const old = survivor({ aliasAnswers: { role: { value: 'user', at: daysAgo(10).toISOString(), leadId: 'lead_x' } } });
    const recent = absorbed({
      answers: { role: 'influencer' },
      answeredAt: { role: daysAgo(2).toISOString() },
      aliasAnswers: { budget: { value: 5000, at: daysAgo(3).toISOString(), leadId: 'lead_y' } },
      mergedFrom: ['lead_y'],
    });

    // Act
    const merged = absorbAlias(old, recent);

    // Assess
    expect(merged.aliasAnswers).toEqual({
      role: { value: 'influencer', at: daysAgo(2).toISOString(), leadId: 'lead_new' },
      budget: { value: 5000, at: daysAgo(3).toISOString(), leadId: 'lead_y' },
    });
  });

  it('keeps the survivor’s id, creation, skips and submissions: a device’s skips and submission ids are its own', () => {
    // Prepare
    const old = survivor({ skipped: { 'demo-request': ['role'] }, submissionIds: ['sub-1', 'sub-2'] });
    const recent = absorbed({ skipped: { 'demo-request': ['role', 'budget'], 'ebook-download': ['industry'] }, submissionIds: ['sub-2', 'sub-3'] });

    // Act
    const merged = absorbAlias(old, recent);

    // Assess
    expect(merged).toMatchObject({
      leadId: 'lead_old',
      createdAt: daysAgo(30).toISOString(),
      skipped: { 'demo-request': ['role'] },
      submissionIds: ['sub-1', 'sub-2'],
    });
  });

  it('remembers the absorbed lead and every lead it had absorbed, so their events stay the survivor’s', () => {
    // Prepare
    const old = survivor({ mergedFrom: ['lead_x'] });
    const recent = absorbed({ mergedFrom: ['lead_y', 'lead_x'] });

    // Act
    const merged = absorbAlias(old, recent);

    // Assess
    expect(merged.mergedFrom).toEqual(['lead_x', 'lead_new', 'lead_y']);
  });

  it.each(
    named([
      {
        behaviour: 'takes the last form and playbook of the absorbed lead when it submitted last',
        old: { updatedAt: daysAgo(5).toISOString(), lastFormId: 'demo-request', playbookId: 'default' },
        recent: { updatedAt: daysAgo(1).toISOString(), lastFormId: 'partner-signup', playbookId: 'partners' },
        expected: { updatedAt: daysAgo(1).toISOString(), lastFormId: 'partner-signup', playbookId: 'partners' },
      },
      {
        behaviour: 'keeps the last form and playbook of the survivor when it submitted last',
        old: { updatedAt: daysAgo(1).toISOString(), lastFormId: 'demo-request', playbookId: 'default' },
        recent: { updatedAt: daysAgo(5).toISOString(), lastFormId: 'partner-signup', playbookId: 'partners' },
        expected: { updatedAt: daysAgo(1).toISOString(), lastFormId: 'demo-request', playbookId: 'default' },
      },
      {
        behaviour: 'keeps the survivor’s form when the newer absorbed lead never submitted one',
        old: { updatedAt: daysAgo(5).toISOString(), lastFormId: 'demo-request', playbookId: 'default' },
        recent: { updatedAt: daysAgo(1).toISOString() },
        expected: { updatedAt: daysAgo(1).toISOString(), lastFormId: 'demo-request', playbookId: 'default' },
      },
    ]),
  )('%s', (_, { old, recent, expected }) => {
    // Act
    const merged = absorbAlias(survivor(old), absorbed(recent));

    // Assess
    expect(merged).toMatchObject(expected);
  });

  it('changes nothing when the same lead is absorbed again', () => {
    // Prepare
    const old = survivor({ mergedFrom: ['lead_new'] });

    // Act
    const merged = absorbAlias(old, absorbed({ answers: { role: 'user' } }));

    // Assess
    expect(merged).toBe(old);
  });

  it('keeps at most MAX_CLAIMS claims, the newest', () => {
    // Prepare
    const old = survivor({ answers: { role: 'user' } });
    let lead = old;
    for (let i = 0; i < MAX_CLAIMS + 5; i += 1) {
      lead = recordAliasStep(lead, 'lead_new', aSpecForm(), step({ role: `r${i}` }), { submissionId: `sub-${i}`, at: new Date(daysAgo(1).getTime() + i) });
    }

    // Assess
    expect(lead.claims).toHaveLength(MAX_CLAIMS);
    expect(lead.claims?.at(-1)?.value).toBe(`r${MAX_CLAIMS + 4}`);
  });

  it('absorbs answers whatever the valid field ids, including ones named like a property of every object', () => {
    // Prepare
    const recent = absorbed({ answers: { constructor: 'Acme' }, answeredAt: { constructor: daysAgo(2).toISOString() } });

    // Act
    const merge = () => absorbAlias(survivor(), recent);

    // Assess
    expect(merge).not.toThrow();
    expect(Object.entries(answersOf(merge()))).toEqual([['constructor', 'Acme']]);
  });
});

describe('the lead’s own answers and its aliases’', () => {
  it('keeps a differing alias answer as a claim when the lead later answers the field itself', () => {
    // Prepare
    const lead = aLeadRecord({ aliasAnswers: { role: { value: 'user', at: hoursAgo(2).toISOString(), leadId: 'lead_b' } } });

    // Act
    const answered = recordStep(lead, aSpecForm(), step({ role: 'decision_maker' }), { submissionId: 'sub-1', at: NOW });

    // Assess
    expect(answersOf(answered).role).toBe('decision_maker');
    expect(answered.aliasAnswers).toEqual({});
    expect(answered.claims).toEqual([{ field: 'role', value: 'user', at: hoursAgo(2).toISOString(), leadId: 'lead_b' }]);
  });

  it('keeps an absorbed lead’s claims as claims, and its own answers over its aliases’', () => {
    // Prepare: B's own role, and a claim M (B's alias) made against it.
    const b = aLeadRecord({
      leadId: 'lead_b',
      answers: { role: 'influencer' },
      answeredAt: { role: hoursAgo(5).toISOString() },
      aliasAnswers: { role: { value: 'user', at: hoursAgo(1).toISOString(), leadId: 'lead_m' } },
      claims: [{ field: 'budget', value: 1, at: hoursAgo(1).toISOString(), leadId: 'lead_m' }],
    });

    // Act
    const merged = absorbAlias(aLeadRecord({ leadId: 'lead_a' }), b);

    // Assess
    expect(answersOf(merged).role).toBe('influencer');
    expect(merged.claims).toEqual([{ field: 'budget', value: 1, at: hoursAgo(1).toISOString(), leadId: 'lead_m' }]);
  });

  it('bounds the claims a device can pile onto a lead by their size, however long each answer', () => {
    // Prepare
    let lead = aLeadRecord({ answers: { message: 'hello' } });

    // Act
    for (let i = 0; i < 40; i += 1) {
      lead = recordAliasStep(lead, 'lead_m', aSpecForm(), step({ message: `${i}${'x'.repeat(9_990)}` }), { submissionId: `sub-${i}`, at: new Date(NOW.getTime() + i) });
    }

    // Assess
    expect(JSON.stringify(lead.claims).length).toBeLessThanOrEqual(MAX_CLAIM_CHARACTERS + 2);
    expect(lead.claims?.at(-1)?.value).toMatch(/^39x/);
  });
});

describe('recordAliasStep', () => {
  it('fills what the lead never answered, keeps a differing answer as a claim, and changes nothing on a replay', () => {
    // Prepare
    const lead = aLeadRecord({ answers: { email: 'ada@example.com', role: 'user' }, mergedFrom: ['lead_b'] });

    // Act
    const once = recordAliasStep(lead, 'lead_b', aSpecForm(), step({ email: 'mallory@evil.test', budget: 5000 }), { submissionId: 'sub-9', at: NOW });
    const twice = recordAliasStep(once, 'lead_b', aSpecForm(), step({ email: 'mallory@evil.test', budget: 5000 }), { submissionId: 'sub-9', at: NOW });

    // Assess
    expect(once.answers).toEqual(lead.answers);
    expect(answersOf(once)).toEqual({ email: 'ada@example.com', role: 'user', budget: 5000 });
    expect(once.claims).toEqual([{ field: 'email', value: 'mallory@evil.test', at: NOW.toISOString(), leadId: 'lead_b' }]);
    expect(once).toMatchObject({ submissionIds: [], lastFormId: 'demo-request' });
    expect(twice).toBe(once);
  });

  it('keeps an older alias answer out when a newer one holds the field', () => {
    // Prepare
    const lead = aLeadRecord({ aliasAnswers: { role: { value: 'user', at: NOW.toISOString(), leadId: 'lead_c' } } });

    // Act
    const late = recordAliasStep(lead, 'lead_b', aSpecForm(), step({ role: 'influencer' }), { submissionId: 'sub-1', at: hoursAgo(1) });

    // Assess
    expect(answersOf(late).role).toBe('user');
  });
});

describe('newEmailIn', () => {
  it.each(
    named<{ behaviour: string; lead: LeadRecord; answers: AcceptedStep['answers']; email: string | undefined }>([
      { behaviour: 'finds the first email a lead gives', lead: aLeadRecord(), answers: { email: 'ada@example.com' }, email: 'ada@example.com' },
      { behaviour: 'finds an email that replaces the one the lead had', lead: aLeadRecord({ answers: { email: 'ada@example.com' } }), answers: { email: 'ada@work.example' }, email: 'ada@work.example' },
      { behaviour: 'finds nothing when the step repeats the lead’s email', lead: aLeadRecord({ answers: { email: 'ada@example.com' } }), answers: { email: 'ada@example.com' }, email: undefined },
      { behaviour: 'finds nothing in a step without an email', lead: aLeadRecord(), answers: { company: 'Acme' }, email: undefined },
    ]),
  )('%s', (_, { lead, answers, email }) => {
    // Act
    const result = newEmailIn(lead, step(answers));

    // Assess
    expect(result).toBe(email);
  });
});
