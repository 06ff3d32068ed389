import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { scoreFit } from '../../../functions/core/fit.js';
import { scoreInterest } from '../../../functions/core/interest.js';
import type { Answers } from '../../../functions/core/lead.js';
import { advance, assigned, storedStep, type Assignment, type Lifecycle, type LifecycleInput, type Transition } from '../../../functions/core/lifecycle.js';
import type { Playbook } from '../../../functions/core/playbook.js';
import {
  WEBHOOK_BODIES,
  WEBHOOK_DATA,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_MAX_ATTEMPTS,
  WebhookBody,
  webhookEndpoint,
  type WebhookEndpoint,
  activeSecrets,
  checkWebhookUrl,
  deliveryAfterAttempt,
  endpointAfterAttempt,
  isPrivateAddress,
  leadErasedData,
  leadReturnedData,
  newSecret,
  nextAttemptAt,
  receives,
  rotateSecret,
  shouldDisable,
  webhookBody,
  webhookEventFor,
  webhookEventsOf,
  webhookTestData,
  type ScoredWebhookLead,
  type WebhookTrigger,
} from '../../../functions/core/webhooks.js';
import { NOW, QUALIFIED_AT, aFeedback, aHandRaise, aLifecycle, aSalesScoring, aSpecPlaybook, anEvent, anSlaCheck, daysAgo, eventsOf, gradeAAnswers } from '../../helpers/factories.js';
import { anAssigningPlaybook } from './team-factories.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const later = (ms: number, from: Date = NOW): Date => new Date(from.getTime() + ms);
const at = (hoursFromNow: number): string => later(hoursFromNow * HOUR_MS).toISOString();

/** One write of the lifecycle as the app stores it: the step's state with its outbox. */
const stepped = (before: Lifecycle, input: LifecycleInput, playbook: Playbook): Lifecycle => {
  const result = advance(before, input, playbook);
  if (!result.ok) throw new Error(`expected the step to succeed, got ${result.code}: ${result.message}`);
  return storedStep(before, result);
};

const aPick = (overrides: Partial<Omit<Assignment, 'cycle' | 'round'>> = {}): Omit<Assignment, 'cycle' | 'round'> => ({
  team: 'sales',
  pool: 'mid',
  rep: 'ben',
  assignedAt: at(0),
  startsAt: at(0),
  dueAt: at(4),
  ...overrides,
});

const qualifyingTransition = (): Transition => ({ from: 'lead', to: 'MQL', why: 'grade A × hot routes to sales', at: QUALIFIED_AT.toISOString(), cycle: 1, by: 'system' });

/** An MQL of cycle 1 whose round-0 rep is `ana`, its outbox settled. */
const anAssignedMql = (assignment: Partial<Assignment> = {}): Lifecycle =>
  aLifecycle({
    stage: 'MQL',
    outbox: [],
    history: [qualifyingTransition()],
    assignments: [{ cycle: 1, round: 0, team: 'sales', pool: 'mid', rep: 'ana', assignedAt: at(-2), startsAt: at(-2), dueAt: at(2), ...assignment }],
  });

/** The SPEC playbook's grade-A lead with a few events, as the app holds it when an event is built. */
const aScoredLead = (answers: Answers = gradeAAnswers()): ScoredWebhookLead => {
  const playbook = aSpecPlaybook();
  return {
    leadId: 'lead_123',
    answers,
    fit: scoreFit(playbook, answers),
    interest: scoreInterest(playbook, [...eventsOf('pricing_view', 2, 1), anEvent('webinar_attended', 3)], NOW),
  };
};

const anEndpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'hubspot',
  url: 'https://crm.example.com/hooks/winnow',
  events: ['lead.qualified', 'lead.erased'],
  enabled: true,
  secrets: [{ secret: newSecret(new Uint8Array(32).fill(1)), createdAt: daysAgo(30).toISOString() }],
  createdAt: daysAgo(30).toISOString(),
  ...overrides,
});

describe('WEBHOOK_EVENT_TYPES', () => {
  it('names the SPEC’s nine event types, each with a described data schema and a body schema', () => {
    // Assess
    expect(WEBHOOK_EVENT_TYPES).toEqual([
      'lead.qualified',
      'lead.assigned',
      'lead.reassigned',
      'lead.accepted',
      'lead.returned',
      'lead.converted',
      'lead.sla_missed',
      'lead.erased',
      'webhook.test',
    ]);
    expect(Object.keys(WEBHOOK_DATA)).toEqual([...WEBHOOK_EVENT_TYPES]);
    expect(Object.keys(WEBHOOK_BODIES)).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const type of WEBHOOK_EVENT_TYPES) expect(z.globalRegistry.get(WEBHOOK_DATA[type])?.description, type).toMatch(/\w/);
  });

  it('turns every body schema into a named JSON Schema with its description, for the OpenAPI webhooks section', () => {
    // Act
    const schemas = WEBHOOK_EVENT_TYPES.map((type) => z.toJSONSchema(WEBHOOK_BODIES[type], { target: 'draft-2020-12', io: 'input' }));

    // Assess: a named schema is a $ref into $defs, which the OpenAPI generator moves to components.
    const named = schemas.map((schema) => {
      const id = String(schema.$ref).replace('#/$defs/', '');
      return { id, ...(schema.$defs?.[id] as { description?: string; properties?: { type?: unknown } }) };
    });
    expect(named.map(({ id }) => id)).toEqual([
      'WebhookLeadQualified',
      'WebhookLeadAssigned',
      'WebhookLeadReassigned',
      'WebhookLeadAccepted',
      'WebhookLeadReturned',
      'WebhookLeadConverted',
      'WebhookLeadSlaMissed',
      'WebhookLeadErased',
      'WebhookTest',
    ]);
    expect(named.map(({ description }) => description)).toEqual(WEBHOOK_EVENT_TYPES.map((type) => z.globalRegistry.get(WEBHOOK_DATA[type])?.description));
    expect(named.map(({ properties }) => properties?.type)).toEqual(WEBHOOK_EVENT_TYPES.map((type) => ({ type: 'string', const: type })));
  });
});

describe('webhookEventsOf', () => {
  it('yields lead.qualified when a lead without a team becomes an MQL, naming no rep', () => {
    // Prepare
    const before = aLifecycle();
    const after = stepped(before, aSalesScoring(), aSpecPlaybook());

    // Act
    const triggers = webhookEventsOf(before, after);

    // Assess
    expect(triggers).toEqual([{ type: 'lead.qualified', at: NOW.toISOString(), cycle: 1, handRaiser: false }]);
  });

  it('holds lead.qualified back while a team’s rep is to be picked, then yields it with the rep, followed by lead.assigned', () => {
    // Prepare
    const playbook = anAssigningPlaybook();
    const lead = aLifecycle();
    const qualified = stepped(lead, aSalesScoring(), playbook);
    const picked = assigned(qualified, { kind: 'assign', cycle: 1, round: 0 }, aPick({ assignedAt: at(0.001) }));

    // Act
    const atQualification = webhookEventsOf(lead, qualified);
    const atPick = webhookEventsOf(qualified, picked);

    // Assess
    const assignment = { ...aPick({ assignedAt: at(0.001) }), cycle: 1, round: 0 };
    expect(atQualification).toEqual([]);
    expect(atPick).toEqual([
      { type: 'lead.qualified', at: NOW.toISOString(), cycle: 1, handRaiser: false, assignment },
      { type: 'lead.assigned', at: at(0.001), assignment },
    ]);
  });

  it('yields lead.qualified without a rep, and no lead.assigned, when nobody in the pool could take the lead', () => {
    // Prepare
    const playbook = anAssigningPlaybook();
    const qualified = stepped(aLifecycle(), aSalesScoring(), playbook);
    const { rep: _nobody, ...pick } = aPick();
    const waiting = assigned(qualified, { kind: 'assign', cycle: 1, round: 0 }, pick);

    // Act
    const triggers = webhookEventsOf(qualified, waiting);

    // Assess
    expect(triggers).toEqual([{ type: 'lead.qualified', at: NOW.toISOString(), cycle: 1, handRaiser: false, assignment: { ...pick, cycle: 1, round: 0 } }]);
  });

  it('still yields lead.qualified, before lead.accepted, when sales accepted the lead before its rep was picked', () => {
    // Prepare
    const playbook = anAssigningPlaybook();
    const qualified = stepped(aLifecycle(), aSalesScoring(), playbook);
    const accepted = stepped(qualified, aFeedback('accept', { now: later(MINUTE_MS) }), playbook);

    // Act
    const triggers = webhookEventsOf(qualified, accepted);

    // Assess
    expect(triggers.map((trigger) => trigger.type)).toEqual(['lead.qualified', 'lead.accepted']);
  });

  it.each([
    ['accept', 'lead.accepted', undefined],
    ['convert', 'lead.converted', undefined],
    ['reject', 'lead.returned', 'spam'],
  ] as const)('yields one event when sales decides %s, carrying the transition', (decision, type, reason) => {
    // Prepare
    const before = anAssignedMql();

    // Act
    const triggers = webhookEventsOf(before, stepped(before, aFeedback(decision, { by: 'ana', ...(reason ? { reason } : {}) }), anAssigningPlaybook()));

    // Assess
    expect(triggers).toEqual([{ type, at: NOW.toISOString(), transition: expect.objectContaining({ from: 'MQL', by: 'ana', ...(reason ? { reason } : {}) }) }]);
  });

  it('yields lead.returned from SAL too, and lead.converted from SAL', () => {
    // Prepare
    const playbook = anAssigningPlaybook();
    const sal = stepped(anAssignedMql(), aFeedback('accept', { by: 'ana' }), playbook);

    // Act
    const returned = webhookEventsOf(sal, stepped(sal, aFeedback('reject', { reason: 'bad_fit', by: 'ana' }), playbook));
    const converted = webhookEventsOf(sal, stepped(sal, aFeedback('convert', { by: 'ana' }), playbook));

    // Assess
    expect(returned).toMatchObject([{ type: 'lead.returned', transition: { from: 'SAL', to: 'nurture', reason: 'bad_fit' } }]);
    expect(converted).toMatchObject([{ type: 'lead.converted', transition: { from: 'SAL', to: 'SQL' } }]);
  });

  it('yields nothing for a logged attempt, a hand raised while sales has the lead, or the same lifecycle again', () => {
    // Prepare
    const playbook = anAssigningPlaybook();
    const mql = anAssignedMql();

    // Act
    const attempt = webhookEventsOf(mql, stepped(mql, aFeedback('attempt', { channel: 'call' }), playbook));
    const handRaised = webhookEventsOf(mql, stepped(mql, aHandRaise(), playbook));
    const replayed = webhookEventsOf(mql, mql);

    // Assess
    expect(attempt).toEqual([]);
    expect(handRaised).toEqual([]);
    expect(replayed).toEqual([]);
  });

  it('yields lead.sla_missed when the rep misses the SLA, then lead.reassigned naming the rep who missed it when the next one is picked', () => {
    // Prepare
    const playbook = anAssigningPlaybook();
    const mql = anAssignedMql({ dueAt: at(-0.5) });
    const missed = stepped(mql, anSlaCheck(), playbook);
    const next = assigned(missed, { kind: 'assign', cycle: 1, round: 1 }, aPick({ rep: 'cy', assignedAt: at(0.001) }));

    // Act
    const atMiss = webhookEventsOf(mql, missed);
    const atPick = webhookEventsOf(missed, next);

    // Assess
    expect(atMiss).toEqual([{ type: 'lead.sla_missed', at: NOW.toISOString(), assignment: expect.objectContaining({ round: 0, rep: 'ana', missedAt: NOW.toISOString() }) }]);
    expect(atPick).toEqual([{ type: 'lead.reassigned', at: at(0.001), previousRep: 'ana', assignment: expect.objectContaining({ round: 1, rep: 'cy' }) }]);
  });

  it('names no previous rep on a reassignment whose earlier round found nobody', () => {
    // Prepare
    const waiting = anAssignedMql({ rep: undefined });
    const picked: Lifecycle = { ...waiting, assignments: [...(waiting.assignments ?? []), { ...aPick({ rep: 'cy' }), cycle: 1, round: 1 }] };

    // Act
    const triggers = webhookEventsOf(waiting, picked);
    const body = webhookEventFor(triggers[0] as WebhookTrigger, aScoredLead());

    // Assess
    expect(triggers).toEqual([{ type: 'lead.reassigned', at: at(0), assignment: expect.objectContaining({ round: 1, rep: 'cy' }) }]);
    expect(body.data).not.toHaveProperty('previousRep');
  });

  it('yields lead.sla_missed when the last rep misses it and the lead is escalated instead of moved', () => {
    // Prepare: the SPEC's playbook allows 2 moves; this is round 2.
    const mql = anAssignedMql({ round: 2, rep: 'cy', dueAt: at(-1) });

    // Act
    const triggers = webhookEventsOf(mql, stepped(mql, anSlaCheck(), anAssigningPlaybook()));

    // Assess
    expect(triggers).toMatchObject([{ type: 'lead.sla_missed', assignment: { round: 2, rep: 'cy' } }]);
  });

  it('yields lead.qualified of a new cycle for a hand-raiser back from nurture', () => {
    // Prepare
    const nurtured = aLifecycle({ stage: 'nurture', history: [qualifyingTransition()] });

    // Act
    const triggers = webhookEventsOf(nurtured, stepped(nurtured, aHandRaise(), aSpecPlaybook()));

    // Assess
    expect(triggers).toEqual([{ type: 'lead.qualified', at: NOW.toISOString(), cycle: 2, handRaiser: true }]);
  });

  it('yields every event of a change that spans cycles in order, and a hand-raiser flag only for the current cycle', () => {
    // Prepare: a lifecycle read long ago against one stored since.
    const before = aLifecycle();
    const after = aLifecycle({
      stage: 'MQL',
      cycle: 2,
      handRaiser: true,
      history: [
        qualifyingTransition(),
        { from: 'MQL', to: 'nurture', why: 'returned by sales: spam', reason: 'spam', at: at(-1), cycle: 1, by: 'ana' },
        { from: 'nurture', to: 'MQL', why: 'raised a hand on demo-request', at: at(0), cycle: 2, by: 'system' },
      ],
    });

    // Act
    const triggers = webhookEventsOf(before, after);

    // Assess
    expect(triggers).toMatchObject([
      { type: 'lead.qualified', cycle: 1, handRaiser: false },
      { type: 'lead.qualified', cycle: 2, handRaiser: true },
      { type: 'lead.returned', transition: { reason: 'spam' } },
    ]);
  });

  it('does not call a move into nurture from outside sales a return', () => {
    // Prepare
    const before = aLifecycle();
    const after = aLifecycle({ stage: 'nurture', history: [{ from: 'lead', to: 'nurture', why: 'imported as nurture', at: at(0), cycle: 0 }] });

    // Act
    const triggers = webhookEventsOf(before, after);

    // Assess
    expect(triggers).toEqual([]);
  });
});

describe('webhookEventFor', () => {
  it('builds lead.qualified with the answers, both scores and their breakdowns, grade, band, cycle, hand-raiser, pool and rep', () => {
    // Prepare
    const scored = aScoredLead();
    const trigger: WebhookTrigger = { type: 'lead.qualified', at: NOW.toISOString(), cycle: 1, handRaiser: true, assignment: { ...aPick(), cycle: 1, round: 0 } };

    // Act
    const body = webhookEventFor(trigger, scored);

    // Assess
    expect(body).toEqual({
      type: 'lead.qualified',
      timestamp: NOW.toISOString(),
      data: {
        leadId: 'lead_123',
        email: 'ada@example.com',
        cycle: 1,
        answers: gradeAAnswers(),
        fit: scored.fit,
        interest: scored.interest,
        grade: 'A',
        band: scored.interest.band,
        handRaiser: true,
        pool: 'mid',
        rep: 'ben',
      },
    });
    expect(scored.fit.breakdown.length).toBeGreaterThan(0);
    expect(scored.interest.breakdown.length).toBeGreaterThan(0);
    expect(WebhookBody.parse(body)).toEqual(body);
  });

  it('leaves out what the lead has not given: no email, no pool, no rep', () => {
    // Prepare
    const { email: _email, ...answers } = gradeAAnswers();

    // Act
    const body = webhookEventFor({ type: 'lead.qualified', at: NOW.toISOString(), cycle: 1, handRaiser: false }, aScoredLead(answers));

    // Assess
    expect(body.data).not.toHaveProperty('email');
    expect(body.data).not.toHaveProperty('pool');
    expect(body.data).not.toHaveProperty('rep');
    expect(WebhookBody.safeParse(body).success).toBe(true);
  });

  it('builds each event of a rep’s round: assigned, reassigned and sla_missed', () => {
    // Prepare
    const assignment = { ...aPick(), rep: 'ben', cycle: 1, round: 1 };

    // Act
    const reassigned = webhookEventFor({ type: 'lead.reassigned', at: at(0), assignment, previousRep: 'ana' }, aScoredLead());
    const missed = webhookEventFor({ type: 'lead.sla_missed', at: at(5), assignment: { ...assignment, missedAt: at(5) } }, aScoredLead());
    const first = webhookEventFor({ type: 'lead.assigned', at: at(0), assignment: { ...assignment, round: 0, pool: undefined, dueAt: undefined } }, aScoredLead());

    // Assess
    const round = { leadId: 'lead_123', email: 'ada@example.com', cycle: 1, round: 1, team: 'sales', pool: 'mid', rep: 'ben', dueAt: at(4) };
    expect(reassigned).toEqual({ type: 'lead.reassigned', timestamp: at(0), data: { ...round, previousRep: 'ana' } });
    expect(missed).toEqual({ type: 'lead.sla_missed', timestamp: at(5), data: { ...round, missedAt: at(5) } });
    expect(first).toEqual({ type: 'lead.assigned', timestamp: at(0), data: { leadId: 'lead_123', email: 'ada@example.com', cycle: 1, round: 0, team: 'sales', rep: 'ben' } });
    for (const body of [reassigned, missed, first]) expect(WebhookBody.parse(body)).toEqual(body);
  });

  it('builds the decisions with who decided, and a return with sales’ reason', () => {
    // Prepare
    const transition: Transition = { from: 'MQL', to: 'nurture', why: 'returned by sales: spam', reason: 'spam', at: at(0), cycle: 1, by: 'ana' };
    const adminAccept: Transition = { from: 'MQL', to: 'SAL', why: 'accepted by sales', at: at(0), cycle: 1 };

    // Act
    const returned = webhookEventFor({ type: 'lead.returned', at: at(0), transition }, aScoredLead());
    const accepted = webhookEventFor({ type: 'lead.accepted', at: at(0), transition: adminAccept }, aScoredLead());
    const converted = webhookEventFor({ type: 'lead.converted', at: at(0), transition: { ...adminAccept, to: 'SQL', by: 'admin' } }, aScoredLead());

    // Assess
    expect(returned.data).toEqual({ leadId: 'lead_123', email: 'ada@example.com', cycle: 1, reason: 'spam', by: 'ana' });
    expect(accepted.data).toEqual({ leadId: 'lead_123', email: 'ada@example.com', cycle: 1 });
    expect(converted).toEqual({ type: 'lead.converted', timestamp: at(0), data: { leadId: 'lead_123', email: 'ada@example.com', cycle: 1, by: 'admin' } });
    for (const body of [returned, accepted, converted]) expect(WebhookBody.parse(body)).toEqual(body);
  });
});

describe('the other builders', () => {
  it('gives a return written before reasons had their own field the transition’s why as its reason', () => {
    // Prepare
    const legacy: Transition = { from: 'SAL', to: 'nurture', why: 'returned by sales: no budget', at: at(0), cycle: 1 };

    // Act
    const data = leadReturnedData(aScoredLead(), legacy);

    // Assess
    expect(data.reason).toBe('returned by sales: no budget');
  });

  it('builds lead.erased from the lead id and the email’s hash only', () => {
    // Prepare
    const hash = 'a'.repeat(64);

    // Act
    const erased = webhookBody('lead.erased', NOW.toISOString(), leadErasedData('lead_123', hash));
    const withoutEmail = leadErasedData('lead_456');

    // Assess
    expect(erased).toEqual({ type: 'lead.erased', timestamp: NOW.toISOString(), data: { leadId: 'lead_123', emailSha256: hash } });
    expect(withoutEmail).toEqual({ leadId: 'lead_456' });
    expect(WebhookBody.parse(erased)).toEqual(erased);
    expect(WebhookBody.safeParse(webhookBody('lead.erased', NOW.toISOString(), leadErasedData('lead_123', 'ada@example.com'))).success).toBe(false);
  });

  it('builds webhook.test naming the endpoint', () => {
    // Act
    const body = webhookBody('webhook.test', NOW.toISOString(), webhookTestData('hubspot'));

    // Assess
    expect(body).toMatchObject({ type: 'webhook.test', data: { endpointId: 'hubspot', message: expect.stringContaining('test') } });
    expect(WebhookBody.parse(body)).toEqual(body);
  });

  it('refuses a body whose data does not match its type', () => {
    // Act
    const mismatched = WebhookBody.safeParse({ type: 'lead.returned', timestamp: NOW.toISOString(), data: { leadId: 'lead_123', cycle: 1 } });

    // Assess
    expect(mismatched.success).toBe(false);
  });
});

describe('nextAttemptAt', () => {
  it.each([
    [0, 0],
    [1, 5 * SECOND_MS],
    [2, 5 * MINUTE_MS],
    [3, 30 * MINUTE_MS],
    [4, 2 * HOUR_MS],
    [5, 5 * HOUR_MS],
    [6, 10 * HOUR_MS],
    [7, 10 * HOUR_MS],
  ])('after %i attempts, makes the next one %i ms later', (attemptsMade, delay) => {
    // Act
    const next = nextAttemptAt(attemptsMade, NOW);

    // Assess
    expect(next).toEqual(later(delay));
  });

  it('gives up after the eighth attempt', () => {
    // Act & Assess
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    expect(nextAttemptAt(8, NOW)).toBeUndefined();
    expect(nextAttemptAt(9, NOW)).toBeUndefined();
  });
});

describe('deliveryAfterAttempt', () => {
  it('marks a 2xx delivered, with when', () => {
    // Act
    const progress = deliveryAfterAttempt(1, { ok: true, status: 204 }, NOW);

    // Assess
    expect(progress).toEqual({ status: 'delivered', attempts: 2, lastStatus: 204, deliveredAt: NOW.toISOString() });
  });

  it('keeps a failed attempt pending until its next retry, with what went wrong', () => {
    // Act
    const answered = deliveryAfterAttempt(0, { ok: false, status: 500, error: 'answered 500' }, NOW);
    const silent = deliveryAfterAttempt(1, { ok: false, error: 'no answer within 10000 ms' }, NOW);

    // Assess
    expect(answered).toEqual({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'answered 500', nextAttemptAt: later(5 * SECOND_MS).toISOString() });
    expect(silent).toEqual({ status: 'pending', attempts: 2, lastError: 'no answer within 10000 ms', nextAttemptAt: later(5 * MINUTE_MS).toISOString() });
  });

  it('marks the delivery failed when its eighth attempt fails', () => {
    // Act
    const seventh = deliveryAfterAttempt(6, { ok: false, status: 503 }, NOW);
    const eighth = deliveryAfterAttempt(7, { ok: false, status: 503 }, NOW);

    // Assess
    expect(seventh).toMatchObject({ status: 'pending', nextAttemptAt: later(10 * HOUR_MS).toISOString() });
    expect(eighth).toEqual({ status: 'failed', attempts: 8, lastStatus: 503 });
  });
});

describe('disabling an endpoint that keeps failing', () => {
  it.each([
    ['never failed', undefined, false],
    ['failing for 5 days less a millisecond', new Date(NOW.getTime() - 5 * DAY_MS + 1).toISOString(), false],
    ['failing for exactly 5 days', daysAgo(5).toISOString(), true],
    ['failing for 6 days', daysAgo(6).toISOString(), true],
  ])('shouldDisable: %s → %s', (_, failingSince, expected) => {
    // Act & Assess
    expect(shouldDisable(failingSince, NOW)).toBe(expected);
  });

  it('starts the failing streak at the first failure and keeps its start through later ones', () => {
    // Act
    const first = endpointAfterAttempt(anEndpoint(), false, NOW);
    const second = endpointAfterAttempt(first.endpoint, false, later(HOUR_MS));

    // Assess
    expect(first).toEqual({ endpoint: { ...anEndpoint(), failingSince: NOW.toISOString() }, disabled: false });
    expect(second.endpoint.failingSince).toBe(NOW.toISOString());
  });

  it('disables the endpoint once, 5 days into the streak', () => {
    // Prepare
    const failing = anEndpoint({ failingSince: daysAgo(5).toISOString() });

    // Act
    const now = endpointAfterAttempt(failing, false, NOW);
    const again = endpointAfterAttempt(now.endpoint, false, later(HOUR_MS));

    // Assess
    expect(now).toEqual({ endpoint: { ...failing, enabled: false, disabledAt: NOW.toISOString() }, disabled: true });
    expect(again).toEqual({ endpoint: now.endpoint, disabled: false });
  });

  it('ends the streak on a delivery', () => {
    // Act
    const result = endpointAfterAttempt(anEndpoint({ failingSince: daysAgo(4).toISOString() }), true, NOW);

    // Assess
    expect(result).toEqual({ endpoint: anEndpoint(), disabled: false });
  });
});

describe('secrets', () => {
  it('makes a secret of whsec_ and the base64 of 32 random bytes', () => {
    // Prepare
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);

    // Act
    const secret = newSecret(bytes);

    // Assess
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect([...Buffer.from(secret.slice('whsec_'.length), 'base64')]).toEqual([...bytes]);
  });

  it('refuses to make a secret of fewer bytes than the SPEC asks for', () => {
    // Act & Assess
    expect(() => newSecret(new Uint8Array(16))).toThrow(/32 random bytes, got 16/);
  });

  it('signs with both secrets for 24 hours after a rotation, newest first, then with the new one only', () => {
    // Prepare
    const endpoint = anEndpoint();
    const [old] = activeSecrets(endpoint, NOW);
    const fresh = newSecret(new Uint8Array(32).fill(2));

    // Act
    const rotated = rotateSecret(endpoint, fresh, NOW);

    // Assess
    expect(activeSecrets(rotated, NOW)).toEqual([fresh, old]);
    expect(activeSecrets(rotated, later(DAY_MS - 1))).toEqual([fresh, old]);
    expect(activeSecrets(rotated, later(DAY_MS))).toEqual([fresh]);
    expect(webhookEndpoint().parse(rotated)).toEqual(rotated);
  });

  it('keeps an earlier rotated-out secret’s own end when rotating again within 24 hours, and drops one already expired', () => {
    // Prepare
    const first = rotateSecret(anEndpoint(), newSecret(new Uint8Array(32).fill(2)), NOW);
    const third = newSecret(new Uint8Array(32).fill(3));

    // Act
    const soon = rotateSecret(first, third, later(HOUR_MS));
    const days = rotateSecret(first, third, later(2 * DAY_MS));

    // Assess
    expect(soon.secrets.map((secret) => secret.expiresAt)).toEqual([undefined, later(HOUR_MS + DAY_MS).toISOString(), later(DAY_MS).toISOString()]);
    expect(days.secrets).toHaveLength(2);
  });
});

describe('receives', () => {
  it('sends an enabled endpoint the events it subscribed to, and a test whenever asked', () => {
    // Prepare
    const endpoint = anEndpoint();
    const off = anEndpoint({ enabled: false });

    // Act & Assess
    expect(receives(endpoint, 'lead.qualified')).toBe(true);
    expect(receives(endpoint, 'lead.converted')).toBe(false);
    expect(receives(off, 'lead.qualified')).toBe(false);
    expect(receives(off, 'webhook.test')).toBe(true);
  });
});

describe('WebhookEndpoint', () => {
  it('reads a stored endpoint, and refuses one without events, secrets or a URL', () => {
    // Act & Assess
    expect(webhookEndpoint().parse(anEndpoint({ description: 'HubSpot workflow' }))).toEqual(anEndpoint({ description: 'HubSpot workflow' }));
    expect(webhookEndpoint().safeParse(anEndpoint({ events: [] })).success).toBe(false);
    expect(webhookEndpoint().safeParse(anEndpoint({ secrets: [] })).success).toBe(false);
    expect(webhookEndpoint().safeParse(anEndpoint({ url: 'crm.example.com' })).success).toBe(false);
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    ['https://crm.example.com/hooks/winnow', false],
    ['https://localhost:8443/hook', false],
    ['http://127.0.0.1:4000/hook', true],
    ['http://[::1]:4000/hook', true],
    ['http://localhost:4000/hook', true],
  ])('accepts %s (loopback http allowed: %s)', (url, allowLoopbackHttp) => {
    // Act
    const check = checkWebhookUrl(url, { allowLoopbackHttp });

    // Assess
    expect(check).toEqual({ ok: true, url: new URL(url) });
  });

  it.each([
    ['http://127.0.0.1:4000/hook', false, /only under npm start/],
    ['http://crm.example.com/hook', true, /must use https \(http is accepted only for 127.0.0.1/],
    ['http://127.0.0.2/hook', true, /must use https/],
    ['http://169.254.169.254/latest/meta-data', true, /must use https/],
    ['ftp://crm.example.com/hook', false, /must use https, not ftp/],
    ['crm.example.com/hook', false, /absolute URL/],
    ['https://user:secret@crm.example.com/hook', false, /user name or password/],
    [`https://crm.example.com/${'a'.repeat(2048)}`, false, /at most 2048 characters/],
  ])('refuses %s (loopback http allowed: %s)', (url, allowLoopbackHttp, reason) => {
    // Act
    const check = checkWebhookUrl(url, { allowLoopbackHttp });

    // Assess
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.255.0.1',
    '169.254.169.254',
    '169.254.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    'not an address',
    '0177.0.0.1',
    '1.2.3',
    '256.1.1.1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3',
    '::ffff:1.2.3.999',
    '::gggg',
  ])('%s is not public', (ip) => {
    // Act & Assess
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '192.169.0.1',
    '11.0.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '[2a00:1450:4001:82b::200e]',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:0808:0808::1',
    'fbff::1',
    '1:2:3:4:5:6:7:8',
    '2001:db8:1::',
  ])('%s is public', (ip) => {
    // Act & Assess
    expect(isPrivateAddress(ip)).toBe(false);
  });
});
