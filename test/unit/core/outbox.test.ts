import { describe, expect, it } from 'vitest';
import { advance, nextWave, owedEffects, raisesHand, settle, tellsSomeone, withEffects, type Effect, type Lifecycle } from '../../../functions/core/lifecycle.js';
import { QUALIFIED_AT, aLifecycle, aSalesScoring, aSpecPlaybook, anSlaCheck } from '../../helpers/factories.js';

const notify = (cycle: number, handRaiser = false): Effect => ({ kind: 'notify', cycle, handRaiser });
const escalate = (cycle: number): Effect => ({ kind: 'escalate', cycle });

describe('the lifecycle outbox', () => {
  it('stores the effects a step asks for with the step', () => {
    // Prepare
    const step = advance(aLifecycle({ stage: 'lead', cycle: 0 }), aSalesScoring(), aSpecPlaybook());
    if (!step.ok) throw new Error(step.message);

    // Act
    const stored = withEffects(step.lifecycle, step.effects);

    // Assess
    expect(stored.outbox).toEqual([notify(1)]);
    expect(owedEffects(stored)).toEqual([notify(1)]);
  });

  it('leaves a lifecycle that owes nothing and asks nothing as it was', () => {
    const lifecycle: Lifecycle = aLifecycle({ stage: 'lead', cycle: 0 });
    expect(withEffects(lifecycle, [])).toBe(lifecycle);
  });

  it('asks for an effect once, however often the step that asks is stored', () => {
    const lifecycle = withEffects(aLifecycle({ stage: 'MQL', cycle: 1, outbox: [] }), [notify(1)]);
    expect(withEffects(lifecycle, [notify(1)]).outbox).toEqual([notify(1)]);
  });

  it('settles a carried-out notification and counts it', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL', cycle: 2, outbox: [notify(2)] });

    // Act
    const settled = settle(lifecycle, notify(2));

    // Assess
    expect(settled.outbox).toEqual([]);
    expect(settled.notifiedCycle).toBe(2);
    expect(owedEffects(settled)).toEqual([]);
  });

  it('settles an escalation without counting a notification', () => {
    const settled = settle(aLifecycle({ stage: 'MQL', cycle: 1, escalatedCycle: 1, notifiedCycle: 1, outbox: [escalate(1)] }), escalate(1));
    expect(settled).toMatchObject({ outbox: [], notifiedCycle: 1 });
  });

  it.each([
    ['a notification of an earlier cycle', aLifecycle({ stage: 'MQL', cycle: 3, outbox: [notify(2)] })],
    ['an escalation of an MQL sales has accepted since', aLifecycle({ stage: 'SAL', cycle: 1, outbox: [escalate(1)] })],
    ['an escalation of an earlier cycle', aLifecycle({ stage: 'MQL', cycle: 2, outbox: [escalate(1)] })],
  ])('owes no %s', (_name, lifecycle) => {
    expect(owedEffects(lifecycle)).toEqual([]);
  });

  describe('a lifecycle stored before the outbox', () => {
    it('owes its cycle’s notification unless it went out', () => {
      expect(owedEffects(aLifecycle({ stage: 'MQL', cycle: 2, notifiedCycle: 1, handRaiser: true }))).toEqual([notify(2, true)]);
      expect(owedEffects(aLifecycle({ stage: 'MQL', cycle: 2, notifiedCycle: 2 }))).toEqual([]);
    });

    it('owes the escalation it marked while its MQL waits', () => {
      expect(owedEffects(aLifecycle({ stage: 'MQL', cycle: 1, notifiedCycle: 1, escalatedCycle: 1 }))).toEqual([escalate(1)]);
      expect(owedEffects(aLifecycle({ stage: 'SQL', cycle: 1, notifiedCycle: 1, escalatedCycle: 1 }))).toEqual([]);
    });

    it('owes nothing before its first qualification', () => {
      expect(owedEffects(aLifecycle({ stage: 'lead', cycle: 0 }))).toEqual([]);
    });

    it('does not ask twice for what it already owes when a step asks again', () => {
      const step = advance(aLifecycle({ stage: 'MQL', cycle: 1, notifiedCycle: 1, qualifiedAt: QUALIFIED_AT.toISOString() }), anSlaCheck(new Date(QUALIFIED_AT.getTime() + 48 * 3_600_000)), aSpecPlaybook());
      if (!step.ok) throw new Error(step.message);
      expect(withEffects(step.lifecycle, step.effects).outbox).toEqual([escalate(1)]);
    });
  });
});

describe('raisesHand', () => {
  it.each([
    ['a hand-raiser form’s first scoring', { handRaiser: true }, false, true],
    ['a hand-raiser form’s job delivered again', { handRaiser: true }, true, false],
    ['any other form', { handRaiser: false }, false, false],
    ['an event (no form)', undefined, false, false],
  ])('%s', (_name, form, alreadyScored, raised) => {
    expect(raisesHand(form, alreadyScored)).toBe(raised);
  });
});

describe('the next wave of owed effects', () => {
  const assign = (round: number): Effect => ({ kind: 'assign', cycle: 1, round });
  const release = (round: number): Effect => ({ kind: 'release', cycle: 1, round });
  const notifyRep = (round: number): Effect => ({ kind: 'notify_rep', cycle: 1, round });
  const tellMoved = (round: number): Effect => ({ kind: 'tell_moved', cycle: 1, round });
  const outcome: Effect = { kind: 'outcome', cycle: 1 };

  it('holds back every notice while a rep is still to be picked, and sends the rest with the pick', () => {
    expect(nextWave([assign(0), notify(1), outcome])).toEqual([assign(0), outcome]);
  });

  it('sends the team’s and the rep’s notices together once the pick is made', () => {
    expect(nextWave([notify(1), notifyRep(0), outcome])).toEqual([notify(1), notifyRep(0), outcome]);
  });

  it('frees the missed rep’s place before the next pick, and tells nobody until that pick is made', () => {
    expect(nextWave([release(0), assign(1), tellMoved(0)])).toEqual([release(0)]);
    expect(nextWave([assign(1), tellMoved(0)])).toEqual([assign(1)]);
    expect(nextWave([notifyRep(1), tellMoved(0)])).toEqual([notifyRep(1), tellMoved(0)]);
  });

  it('counts an escalation as telling someone', () => {
    expect([escalate(1), notify(1), notifyRep(0), tellMoved(0), outcome, release(0), assign(0)].map(tellsSomeone)).toEqual([true, true, true, true, false, false, false]);
  });
});
