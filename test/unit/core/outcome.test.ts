import { describe, expect, it } from 'vitest';
import { advance, answersAsOf, eventsAsOf, newLifecycle, outcomeOf, storedStep, type Transition } from '../../../functions/core/index.js';
import { aLeadRecord, aLifecycle, aPlaybook } from '../../helpers/factories.js';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 12, minute)).toISOString();
const move = (from: Transition['from'], to: Transition['to'], cycle: number, minute: number, reason?: string): Transition => ({
  from,
  to,
  why: reason ? `returned by sales: ${reason}` : 'moved',
  at: at(minute),
  cycle,
  ...(reason ? { reason } : {}),
});

describe('a cycle’s outcome', () => {
  it.each([
    ['open while sales has not decided', [move('lead', 'MQL', 1, 0)], { outcome: 'open' }],
    ['accepted at SAL', [move('lead', 'MQL', 1, 0), move('MQL', 'SAL', 1, 5)], { outcome: 'accepted', decidedAt: at(5) }],
    ['converted at SQL, straight from MQL too', [move('lead', 'MQL', 1, 0), move('MQL', 'SQL', 1, 7)], { outcome: 'converted', decidedAt: at(7) }],
    ['converted after it was accepted', [move('lead', 'MQL', 1, 0), move('MQL', 'SAL', 1, 5), move('SAL', 'SQL', 1, 9)], { outcome: 'converted', decidedAt: at(9) }],
    ['returned with sales’ reason, even after an accept', [move('lead', 'MQL', 1, 0), move('MQL', 'SAL', 1, 5), move('SAL', 'nurture', 1, 8, 'no budget')], { outcome: 'returned', reason: 'no budget', decidedAt: at(8) }],
  ])('is %s', (_, history, expected) => {
    expect(outcomeOf(history, 1)).toEqual(expected);
  });

  it('is each cycle’s own, and none for a cycle that never reached MQL', () => {
    const history = [move('lead', 'MQL', 1, 0), move('MQL', 'nurture', 1, 5, 'too small'), move('nurture', 'MQL', 2, 50)];
    expect(outcomeOf(history, 1)).toMatchObject({ outcome: 'returned', reason: 'too small' });
    expect(outcomeOf(history, 2)).toEqual({ outcome: 'open' });
    expect(outcomeOf(history, 3)).toBeUndefined();
    expect(outcomeOf([], 0)).toBeUndefined();
  });
});

describe('what a lead had at qualification', () => {
  it('keeps the answers given by then, its aliases’ by their own time', () => {
    const lead = aLeadRecord({
      answers: { email: 'ada@example.com', budget: 60000, role: 'user' },
      answeredAt: { email: at(0), budget: at(10) },
      aliasAnswers: { company_size: { value: '201+', at: at(1), leadId: 'lead_b' }, timeframe: { value: '3m', at: at(20), leadId: 'lead_b' } },
    });
    // `role` has no time of its own (stored before answeredAt was kept): it counts.
    expect(answersAsOf(lead, at(5))).toEqual({ email: 'ada@example.com', role: 'user', company_size: '201+' });
  });

  it('keeps the events that happened and arrived by then, oldest first, each step a form_submission', () => {
    const events = eventsAsOf(
      {
        submissions: [{ at: at(3) }, { at: at(9) }],
        events: [
          { type: 'webinar', at: at(2), receivedAt: at(2) },
          { type: 'download', at: at(1), receivedAt: at(8) },
          { type: 'page_view', at: at(6) },
        ],
      },
      at(5),
    );
    expect(events).toEqual([
      { type: 'webinar', at: at(2) },
      { type: 'form_submission', at: at(3) },
    ]);
  });
});

describe('the lifecycle to store for a step', () => {
  it('owes the outcome record of the cycle it qualified, after the step’s own effects', () => {
    const before = newLifecycle();
    const step = advance(before, { kind: 'scored', grade: 'A', band: 'hot', owner: 'sales', handRaised: false, now: new Date(at(0)) }, aPlaybook());
    if (!step.ok) throw new Error(step.message);
    // The webhook events the step yields follow (test/unit/app/webhook-delivery.test.ts).
    expect(storedStep(before, step).outbox?.filter((effect) => effect.kind !== 'webhook')).toEqual([...step.effects, { kind: 'outcome', cycle: 1 }]);
  });

  it('owes it again for each decision, and not for a change that moves no stage', () => {
    const before = aLifecycle({ stage: 'MQL', cycle: 1, qualifiedAt: at(0), history: [move('lead', 'MQL', 1, 0)], outbox: [] });
    const accepted = advance(before, { kind: 'feedback', decision: 'accept', now: new Date(at(5)) }, aPlaybook());
    const attempted = advance(before, { kind: 'feedback', decision: 'attempt', channel: 'call', now: new Date(at(5)) }, aPlaybook());
    if (!accepted.ok || !attempted.ok) throw new Error('refused');
    expect(storedStep(before, accepted).outbox).toContainEqual({ kind: 'outcome', cycle: 1 });
    expect(storedStep(before, attempted).outbox ?? []).not.toContainEqual({ kind: 'outcome', cycle: 1 });
  });
});
