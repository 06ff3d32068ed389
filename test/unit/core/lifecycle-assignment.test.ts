import { describe, expect, it } from 'vitest';
import {
  advance,
  assigned,
  attemptsThisCycle,
  currentAssignment,
  escalationDueAt,
  owedEffects,
  settle,
  withEffects,
  type Advance,
  type Assignment,
  type Lifecycle,
} from '../../../functions/core/lifecycle.js';
import { NOW, aFeedback, aLifecycle, aSalesScoring, anSlaCheck, aSpecPlaybook } from '../../helpers/factories.js';
import { anAssigningPlaybook } from './team-factories.js';

const HOUR_MS = 3_600_000;
const at = (hoursFromNow: number): string => new Date(NOW.getTime() + hoursFromNow * HOUR_MS).toISOString();

const lifecycleOf = (result: Advance): Lifecycle => {
  if (!result.ok) throw new Error(`expected the transition to succeed, got ${result.code}: ${result.message}`);
  return result.lifecycle;
};

/** An MQL of cycle 1 whose round-0 rep is `ana`, due in 4 hours, its outbox settled. */
const anAssignedMql = (assignment: Partial<Assignment> = {}, overrides: Partial<Lifecycle> = {}): Lifecycle =>
  aLifecycle({
    stage: 'MQL',
    cycle: 1,
    outbox: [],
    assignments: [{ cycle: 1, round: 0, team: 'sales', pool: 'mid', rep: 'ana', assignedAt: at(-1), startsAt: at(-1), dueAt: at(3), ...assignment }],
    ...overrides,
  });

describe('assignment in the lifecycle', () => {
  it('asks for a rep before the team’s notice when a playbook with a team qualifies a lead, and for neither rep nor pool without one', () => {
    // Act
    const withTeam = advance(aLifecycle(), aSalesScoring(), anAssigningPlaybook());
    const without = advance(aLifecycle(), aSalesScoring(), aSpecPlaybook());

    // Assess
    expect(withTeam).toMatchObject({ ok: true, effects: [{ kind: 'assign', cycle: 1, round: 0 }, { kind: 'notify', cycle: 1 }] });
    expect(without).toMatchObject({ ok: true, effects: [{ kind: 'notify', cycle: 1 }] });
  });

  it('records a pick as the round’s assignment and owes the rep’s notice in its place, once however often it is replayed', () => {
    // Prepare
    const qualified = advance(aLifecycle(), aSalesScoring(), anAssigningPlaybook());
    const stored = withEffects(lifecycleOf(qualified), qualified.ok ? qualified.effects : []);
    const pick = { team: 'sales', pool: 'mid', rep: 'ben', assignedAt: at(0), startsAt: at(0), dueAt: at(4) };

    // Act
    const once = assigned(stored, { kind: 'assign', cycle: 1, round: 0 }, pick);
    const twice = assigned(once, { kind: 'assign', cycle: 1, round: 0 }, { ...pick, rep: 'cy' });

    // Assess
    expect(owedEffects(once)).toEqual([{ kind: 'notify_rep', cycle: 1, round: 0 }, { kind: 'notify', cycle: 1, handRaiser: false }]);
    expect(currentAssignment(once)).toEqual({ ...pick, cycle: 1, round: 0 });
    expect(twice).toBe(once);
  });

  it('logs an attempt with its channel, note and who made it, keeps the stage, and stops the SLA clock', () => {
    // Prepare
    const lifecycle = anAssignedMql();

    // Act
    const result = advance(lifecycle, aFeedback('attempt', { channel: 'call', note: '  left a voicemail ', by: 'ana' }), anAssigningPlaybook());

    // Assess
    const next = lifecycleOf(result);
    expect(next.stage).toBe('MQL');
    expect(attemptsThisCycle(next)).toEqual([{ cycle: 1, at: NOW.toISOString(), channel: 'call', note: 'left a voicemail', by: 'ana' }]);
    expect(currentAssignment(next)?.touchedAt).toBe(NOW.toISOString());
    expect(escalationDueAt(next, anAssigningPlaybook())).toBeUndefined();
    expect(result.ok && result.effects).toEqual([]);
  });

  it('refuses an attempt without a channel, and one on a lead sales no longer has', () => {
    // Act
    const noChannel = advance(anAssignedMql(), aFeedback('attempt'), anAssigningPlaybook());
    const nurtured = advance(aLifecycle({ stage: 'nurture' }), aFeedback('attempt', { channel: 'email' }), anAssigningPlaybook());

    // Assess
    expect(noChannel).toMatchObject({ ok: false, code: 'invalid' });
    expect(nurtured).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('refuses a return until the cycle’s attempts are logged, unless its reason needs none, and a reason the playbook does not list', () => {
    // Prepare: the SPEC's follow-up, 3 attempts before a return; two logged, one of them in an earlier cycle.
    const playbook = anAssigningPlaybook();
    const attempts = [
      { cycle: 0, at: at(-50), channel: 'call' as const, by: 'ben' },
      { cycle: 1, at: at(-1), channel: 'call' as const, by: 'ana' },
      { cycle: 1, at: at(-0.5), channel: 'email' as const, by: 'ana' },
    ];
    const lifecycle = anAssignedMql({}, { attempts });

    // Act
    const tooSoon = advance(lifecycle, aFeedback('reject', { reason: 'no_response' }), playbook);
    const spam = advance(lifecycle, aFeedback('reject', { reason: 'spam' }), playbook);
    const unknown = advance(lifecycle, aFeedback('reject', { reason: 'no budget this year' }), playbook);
    const third = lifecycleOf(advance(lifecycle, aFeedback('attempt', { channel: 'meeting' }), playbook));
    const afterThird = advance(third, aFeedback('reject', { reason: 'no_response' }), playbook);

    // Assess
    expect(tooSoon).toMatchObject({ ok: false, code: 'follow_up_required' });
    expect(!tooSoon.ok && tooSoon.message).toContain('1 more contact attempt');
    expect(spam).toMatchObject({ ok: true, lifecycle: { stage: 'nurture' } });
    expect(unknown).toMatchObject({ ok: false, code: 'invalid' });
    expect(afterThird).toMatchObject({ ok: true, lifecycle: { stage: 'nurture', returnReason: 'no_response' } });
  });

  it('frees the rep’s place once when the lead leaves MQL and SAL, not when it is accepted', () => {
    // Prepare
    const playbook = anAssigningPlaybook();

    // Act
    const accepted = advance(anAssignedMql(), aFeedback('accept', { by: 'ana' }), playbook);
    const converted = advance(lifecycleOf(accepted), aFeedback('convert', { by: 'ana' }), playbook);
    const returned = advance(anAssignedMql(), aFeedback('reject', { reason: 'spam' }), playbook);

    // Assess
    expect(accepted.ok && accepted.effects).toEqual([]);
    expect(converted.ok && converted.effects).toEqual([{ kind: 'release', cycle: 1, round: 0 }]);
    expect(currentAssignment(lifecycleOf(converted))?.releasedAt).toBe(NOW.toISOString());
    expect(returned.ok && returned.effects).toEqual([{ kind: 'release', cycle: 1, round: 0 }]);
    expect(lifecycleOf(accepted).history.at(-1)?.by).toBe('ana');
  });

  describe('when a rep misses the SLA', () => {
    it('moves the lead to the next rep while reassignments remain: the place freed, the next round asked for, the rep told', () => {
      // Prepare
      const lifecycle = anAssignedMql({ dueAt: at(-0.01) });

      // Act
      const early = advance(anAssignedMql({ dueAt: at(0.01) }), anSlaCheck(), anAssigningPlaybook());
      const result = advance(lifecycle, anSlaCheck(), anAssigningPlaybook());

      // Assess
      expect(early).toMatchObject({ ok: true, changed: false });
      expect(result.ok && result.effects).toEqual([
        { kind: 'release', cycle: 1, round: 0 },
        { kind: 'assign', cycle: 1, round: 1 },
        { kind: 'tell_moved', cycle: 1, round: 0 },
      ]);
      expect(currentAssignment(lifecycleOf(result))).toMatchObject({ rep: 'ana', missedAt: NOW.toISOString(), releasedAt: NOW.toISOString() });
      expect(lifecycleOf(result).escalatedCycle).toBeUndefined();
    });

    it('escalates once after maxReassignments moves, the last rep keeping the lead', () => {
      // Prepare: the SPEC's playbook allows 2 moves; this is round 2.
      const lifecycle = anAssignedMql({ round: 2, rep: 'cy', dueAt: at(-1) });

      // Act
      const result = advance(lifecycle, anSlaCheck(), anAssigningPlaybook());
      const again = advance(lifecycleOf(result), anSlaCheck(), anAssigningPlaybook());

      // Assess
      expect(result.ok && result.effects).toEqual([{ kind: 'escalate', cycle: 1 }]);
      expect(currentAssignment(lifecycleOf(result))).toMatchObject({ rep: 'cy', missedAt: NOW.toISOString() });
      expect(currentAssignment(lifecycleOf(result))?.releasedAt).toBeUndefined();
      expect(again).toMatchObject({ ok: true, changed: false });
    });

    it('waits on the rep’s deadline, not on wall-clock hours since qualifying, and stops once the rep touched the lead', () => {
      // Prepare: qualified 2 hours ago with a 4-hour SLA, but the rep's working-hours deadline is tomorrow.
      const waiting = anAssignedMql({ dueAt: at(20) });
      const touched = anAssignedMql({ dueAt: at(-1), touchedAt: at(-2) });

      // Act & Assess
      expect(escalationDueAt(waiting, anAssigningPlaybook())?.toISOString()).toBe(at(20));
      expect(advance(touched, anSlaCheck(), anAssigningPlaybook())).toMatchObject({ ok: true, changed: false });
    });

    it('drops the moved-on rep’s notice that was still owed, but still tells them and frees their place', () => {
      // Prepare: round 0's notice never went out; the SLA moved the lead on and round 1 was picked.
      const moved = lifecycleOf(advance(anAssignedMql({ dueAt: at(-1) }, { outbox: [{ kind: 'notify_rep', cycle: 1, round: 0 }] }), anSlaCheck(), anAssigningPlaybook()));
      const stored = withEffects(moved, [
        { kind: 'release', cycle: 1, round: 0 },
        { kind: 'assign', cycle: 1, round: 1 },
        { kind: 'tell_moved', cycle: 1, round: 0 },
      ]);

      // Act
      const next = assigned(stored, { kind: 'assign', cycle: 1, round: 1 }, { team: 'sales', pool: 'mid', rep: 'ben', assignedAt: at(0) });

      // Assess
      expect(owedEffects(next)).toEqual([
        { kind: 'release', cycle: 1, round: 0 },
        { kind: 'notify_rep', cycle: 1, round: 1 },
        { kind: 'tell_moved', cycle: 1, round: 0 },
      ]);
      expect(owedEffects(settle(next, { kind: 'release', cycle: 1, round: 0 }))).toHaveLength(2);
    });
  });
});
