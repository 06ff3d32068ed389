import { describe, expect, it } from 'vitest';
import {
  STAGES,
  advance,
  decisionsFrom,
  escalationDueAt,
  newLifecycle,
  ownerOf,
  type Advance,
  type Decision,
  type Lifecycle,
  type LifecycleInput,
  type Stage,
  whyInWords,
} from '../../../functions/core/lifecycle.js';
import type { Owner } from '../../../functions/core/playbook.js';
import {
  NOW,
  NURTURED_AT,
  QUALIFIED_AT,
  aFeedback,
  aHandRaise,
  aLifecycle,
  aPlaybook,
  aSalesScoring,
  aScoring,
  aSpecPlaybook,
  anSlaCheck,
  daysAgo,
  hoursAgo,
  named,
} from '../../helpers/factories.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const after = (base: Date, ms: number): Date => new Date(base.getTime() + ms);

const lifecycleOf = (result: Advance): Lifecycle => {
  if (!result.ok) throw new Error(`expected the transition to succeed, got ${result.code}: ${result.message}`);
  return result.lifecycle;
};

describe('newLifecycle', () => {
  it('starts a lead in stage lead, cycle 0, not a hand-raiser, with no history', () => {
    // Act
    const lifecycle = newLifecycle();

    // Assess
    expect(lifecycle).toEqual({ stage: 'lead', cycle: 0, handRaiser: false, history: [] });
  });
});

describe('ownerOf', () => {
  it.each<[Stage, Owner]>([
    ['lead', 'marketing'],
    ['MQL', 'sales'],
    ['SAL', 'sales'],
    ['SQL', 'sales'],
    ['nurture', 'marketing'],
  ])('a lead in stage %s is owned by %s', (stage, owner) => {
    // Act
    const result = ownerOf(stage);

    // Assess
    expect(result).toBe(owner);
  });
});

describe('advance on a finished scoring job', () => {
  it('makes a lead an MQL when the grid routes it to sales: a new cycle, one notification', () => {
    // Prepare
    const lifecycle = newLifecycle();

    // Act
    const result = advance(lifecycle, aSalesScoring(), aSpecPlaybook());

    // Assess
    expect(result).toEqual({
      ok: true,
      changed: true,
      lifecycle: {
        stage: 'MQL',
        cycle: 1,
        handRaiser: false,
        qualifiedAt: NOW.toISOString(),
        history: [{ from: 'lead', to: 'MQL', why: 'grade A × hot routes to sales', at: NOW.toISOString(), cycle: 1, by: 'system' }],
      },
      effects: [{ kind: 'notify', cycle: 1, handRaiser: false }],
    });
  });

  it('leaves a lead the grid gives to marketing unchanged', () => {
    // Prepare
    const lifecycle = newLifecycle();

    // Act
    const result = advance(lifecycle, aScoring(), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
  });

  it('sends a hand-raiser straight to sales whatever its scores, marked as a hand-raiser', () => {
    // Prepare
    const lifecycle = newLifecycle();

    // Act
    const result = advance(lifecycle, aHandRaise({ grade: 'D', band: 'cold', owner: 'marketing' }), aSpecPlaybook());

    // Assess
    expect(result).toEqual({
      ok: true,
      changed: true,
      lifecycle: {
        stage: 'MQL',
        cycle: 1,
        handRaiser: true,
        qualifiedAt: NOW.toISOString(),
        history: [{ from: 'lead', to: 'MQL', why: 'raised a hand on demo-request', at: NOW.toISOString(), cycle: 1, by: 'system' }],
      },
      effects: [{ kind: 'notify', cycle: 1, handRaiser: true }],
    });
  });

  it('says a hand was raised even when the job does not name the form', () => {
    // Prepare
    const lifecycle = newLifecycle();

    // Act
    const result = advance(lifecycle, aHandRaise({ formId: undefined }), aSpecPlaybook());

    // Assess
    expect(lifecycleOf(result).history[0]?.why).toBe('raised a hand');
  });

  it.each<[Stage, string, LifecycleInput]>([
    ['MQL', 'routes to sales again', aSalesScoring()],
    ['MQL', 'routes to marketing', aScoring()],
    ['SAL', 'routes to sales again', aSalesScoring()],
    ['SAL', 'routes to marketing', aScoring()],
    ['SQL', 'routes to sales again', aSalesScoring()],
    ['SQL', 'routes to marketing', aScoring()],
  ])('leaves a lead in %s unchanged when the grid %s', (stage, _, input) => {
    // Prepare
    const lifecycle = aLifecycle({ stage });

    // Act
    const result = advance(lifecycle, input, aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
  });

  it('marks an MQL that raises its hand as a hand-raiser and tells sales once more, as a hand-raiser', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL', notifiedCycle: 1 });

    // Act
    const result = advance(lifecycle, aHandRaise(), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: true, lifecycle: { ...lifecycle, handRaiser: true }, effects: [{ kind: 'notify', cycle: 1, handRaiser: true }] });
  });

  it.each<Stage>(['SAL', 'SQL'])('marks a lead in %s that raises its hand as a hand-raiser, without notifying again', (stage) => {
    // Prepare
    const lifecycle = aLifecycle({ stage });

    // Act
    const result = advance(lifecycle, aHandRaise(), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: true, lifecycle: { ...lifecycle, handRaiser: true }, effects: [] });
  });

  it('leaves a hand-raiser that raises its hand again while with sales unchanged', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL', handRaiser: true });

    // Act
    const result = advance(lifecycle, aHandRaise(), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
  });

  describe('for a nurtured lead (returned 10 days ago, recycle after 30 days)', () => {
    it('lets it qualify again at once by raising its hand, as a new cycle', () => {
      // Prepare
      const lifecycle = aLifecycle({ stage: 'nurture' });

      // Act
      const result = advance(lifecycle, aHandRaise(), aSpecPlaybook());

      // Assess
      expect(result).toMatchObject({
        ok: true,
        changed: true,
        lifecycle: { stage: 'MQL', cycle: 2, handRaiser: true, qualifiedAt: NOW.toISOString() },
        effects: [{ kind: 'notify', cycle: 2, handRaiser: true }],
      });
      expect(lifecycleOf(result).history.at(-1)).toEqual({ from: 'nurture', to: 'MQL', why: 'raised a hand on demo-request', at: NOW.toISOString(), cycle: 2, by: 'system' });
    });

    it.each(
      named([
        { behaviour: 'keeps it in nurture when the grid routes it to sales before recycle.afterDays', now: after(NURTURED_AT, 30 * DAY_MS - 1) },
        { behaviour: 'keeps it in nurture when the grid routes it to sales the moment it is returned', now: NURTURED_AT },
      ]),
    )('%s', (_, { now }) => {
      // Prepare
      const lifecycle = aLifecycle({ stage: 'nurture' });

      // Act
      const result = advance(lifecycle, aSalesScoring({ now }), aSpecPlaybook());

      // Assess
      expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
    });

    it.each(
      named([
        { behaviour: 'recycles it when the grid routes it to sales exactly recycle.afterDays after its return', now: after(NURTURED_AT, 30 * DAY_MS) },
        { behaviour: 'recycles it when the grid routes it to sales long after its return', now: after(NURTURED_AT, 90 * DAY_MS) },
      ]),
    )('%s, as a new cycle with its own notification', (_, { now }) => {
      // Prepare
      const lifecycle = aLifecycle({ stage: 'nurture' });

      // Act
      const result = advance(lifecycle, aSalesScoring({ now }), aSpecPlaybook());

      // Assess
      expect(result).toMatchObject({
        ok: true,
        changed: true,
        lifecycle: { stage: 'MQL', cycle: 2, handRaiser: false, qualifiedAt: now.toISOString() },
        effects: [{ kind: 'notify', cycle: 2, handRaiser: false }],
      });
      expect(lifecycleOf(result).history.at(-1)).toEqual({
        from: 'nurture',
        to: 'MQL',
        why: 'recycled after 30 days in nurture: grade A × hot routes to sales',
        at: now.toISOString(),
        cycle: 2,
        by: 'system',
      });
    });

    it('keeps it in nurture after recycle.afterDays while the grid gives it to marketing', () => {
      // Prepare
      const lifecycle = aLifecycle({ stage: 'nurture' });

      // Act
      const result = advance(lifecycle, aScoring({ now: after(NURTURED_AT, 60 * DAY_MS) }), aSpecPlaybook());

      // Assess
      expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
    });

    it('recycles it at once when the playbook sets recycle.afterDays to 0', () => {
      // Prepare
      const lifecycle = aLifecycle({ stage: 'nurture' });
      const playbook = aPlaybook({ recycle: { afterDays: 0 } });

      // Act
      const result = advance(lifecycle, aSalesScoring({ now: NURTURED_AT }), playbook);

      // Assess
      expect(result).toMatchObject({ ok: true, lifecycle: { stage: 'MQL', cycle: 2 } });
    });

    it('keeps a nurtured lead with no recorded return date in nurture when the grid routes it to sales', () => {
      // Prepare
      const lifecycle = aLifecycle({ stage: 'nurture', nurturedAt: undefined });

      // Act
      const result = advance(lifecycle, aSalesScoring(), aSpecPlaybook());

      // Assess
      expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
    });
  });
});

describe('advance on feedback from sales', () => {
  it.each<[Decision, Stage, Stage, string]>([
    ['accept', 'MQL', 'SAL', 'accepted by sales'],
    ['reject', 'MQL', 'nurture', 'returned by sales: no budget this year'],
    ['reject', 'SAL', 'nurture', 'returned by sales: no budget this year'],
    ['convert', 'MQL', 'SQL', 'converted by sales'],
    ['convert', 'SAL', 'SQL', 'converted by sales'],
  ])('a decision to %s moves a lead from %s to %s, recorded in its history', (decision, from, to, why) => {
    // Prepare
    const lifecycle = aLifecycle({ stage: from, cycle: 3 });

    // Act
    const result = advance(lifecycle, aFeedback(decision), aSpecPlaybook());

    // Assess
    expect(result).toMatchObject({ ok: true, changed: true, effects: [], lifecycle: { stage: to, cycle: 3 } });
    const reason = decision === 'reject' ? { reason: 'no budget this year' } : {};
    expect(lifecycleOf(result).history).toEqual([{ from, to, why, at: NOW.toISOString(), cycle: 3, by: 'admin', ...reason }]);
  });

  it.each<[Decision, Stage, string]>([
    ['accept', 'lead', 'cannot accept a lead in stage lead (only from MQL)'],
    ['accept', 'SAL', 'lead was already accepted'],
    ['accept', 'SQL', 'cannot accept a lead in stage SQL (only from MQL)'],
    ['accept', 'nurture', 'cannot accept a lead in stage nurture (only from MQL)'],
    ['reject', 'lead', 'cannot reject a lead in stage lead (only from MQL or SAL)'],
    ['reject', 'SQL', 'cannot reject a lead in stage SQL (only from MQL or SAL)'],
    ['reject', 'nurture', 'lead was already returned to nurture'],
    ['convert', 'lead', 'cannot convert a lead in stage lead (only from MQL or SAL)'],
    ['convert', 'SQL', 'lead was already converted'],
    ['convert', 'nurture', 'cannot convert a lead in stage nurture (only from MQL or SAL)'],
  ])('a decision to %s a lead in %s is a conflict: "%s"', (decision, stage, message) => {
    // Prepare
    const lifecycle = aLifecycle({ stage });

    // Act
    const result = advance(lifecycle, aFeedback(decision), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: false, code: 'conflict', message });
  });

  it.each(
    named([
      { behaviour: 'no reason', reason: undefined },
      { behaviour: 'an empty reason', reason: '' },
      { behaviour: 'a reason of only spaces', reason: '   ' },
    ]),
  )('refuses to return a lead to nurture with %s', (_, { reason }) => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL' });

    // Act
    const result = advance(lifecycle, aFeedback('reject', { reason }), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: false, code: 'invalid', message: 'returning a lead to nurture needs a reason' });
  });

  it('remembers when and why sales returned a lead, the reason trimmed', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'SAL' });

    // Act
    const result = advance(lifecycle, aFeedback('reject', { reason: '  student, not a buyer ' }), aSpecPlaybook());

    // Assess
    expect(lifecycleOf(result)).toMatchObject({ stage: 'nurture', nurturedAt: NOW.toISOString(), returnReason: 'student, not a buyer' });
    expect(lifecycleOf(result).history.at(-1)?.why).toBe('returned by sales: student, not a buyer');
  });

  it('does not change the lifecycle it was given', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL' });
    const before = structuredClone(lifecycle);

    // Act
    advance(lifecycle, aFeedback('reject'), aSpecPlaybook());

    // Assess
    expect(lifecycle).toEqual(before);
  });
});

describe('decisionsFrom', () => {
  it('offers exactly the decisions advance accepts from each stage', () => {
    // Act
    const offered = Object.fromEntries(STAGES.map((stage) => [stage, decisionsFrom(stage)]));

    // Assess
    expect(offered).toEqual({ lead: [], MQL: ['accept', 'reject', 'convert', 'attempt'], SAL: ['reject', 'convert', 'attempt'], SQL: [], nurture: [] });
    for (const stage of STAGES) {
      for (const decision of ['accept', 'convert', 'reject', 'attempt'] as const) {
        const feedback = { ...aFeedback(decision), ...(decision === 'attempt' ? { channel: 'call' as const } : {}) };
        expect(advance(aLifecycle({ stage }), feedback, aSpecPlaybook()).ok).toBe(offered[stage]?.includes(decision));
      }
    }
  });
});

describe('advance on an SLA check', () => {
  it('escalates an MQL nobody answered exactly sla.acceptWithinHours after it qualified', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL', cycle: 2 });

    // Act
    const result = advance(lifecycle, anSlaCheck(after(QUALIFIED_AT, 24 * HOUR_MS)), aSpecPlaybook());

    // Assess
    expect(result).toEqual({
      ok: true,
      changed: true,
      lifecycle: { ...lifecycle, escalatedCycle: 2 },
      effects: [{ kind: 'escalate', cycle: 2 }],
    });
  });

  it('does not escalate an MQL a moment before sla.acceptWithinHours', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL' });

    // Act
    const result = advance(lifecycle, anSlaCheck(after(QUALIFIED_AT, 24 * HOUR_MS - 1)), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
  });

  it('escalates an MQL once per cycle, however often the check runs', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL' });
    const first = advance(lifecycle, anSlaCheck(after(QUALIFIED_AT, 25 * HOUR_MS)), aSpecPlaybook());

    // Act
    const second = advance(lifecycleOf(first), anSlaCheck(after(QUALIFIED_AT, 48 * HOUR_MS)), aSpecPlaybook());

    // Assess
    expect(first).toMatchObject({ changed: true, effects: [{ kind: 'escalate', cycle: 1 }] });
    expect(second).toMatchObject({ changed: false, effects: [] });
  });

  it('escalates again in a later cycle', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL', cycle: 2, escalatedCycle: 1 });

    // Act
    const result = advance(lifecycle, anSlaCheck(after(QUALIFIED_AT, 30 * HOUR_MS)), aSpecPlaybook());

    // Assess
    expect(result).toMatchObject({ changed: true, effects: [{ kind: 'escalate', cycle: 2 }] });
  });

  it('follows the playbook’s own SLA', () => {
    // Prepare
    const lifecycle = aLifecycle({ stage: 'MQL' });
    const playbook = aPlaybook({ sla: { acceptWithinHours: 1, escalateTo: [] } });

    // Act
    const result = advance(lifecycle, anSlaCheck(after(QUALIFIED_AT, HOUR_MS)), playbook);

    // Assess
    expect(result).toMatchObject({ changed: true, effects: [{ kind: 'escalate', cycle: 1 }] });
  });

  it.each<Stage>(['lead', 'SAL', 'SQL', 'nurture'])('never escalates a lead in %s', (stage) => {
    // Prepare
    const lifecycle = aLifecycle({ stage });

    // Act
    const result = advance(lifecycle, anSlaCheck(after(QUALIFIED_AT, 1000 * HOUR_MS)), aSpecPlaybook());

    // Assess
    expect(result).toEqual({ ok: true, changed: false, lifecycle, effects: [] });
  });
});

describe('escalationDueAt', () => {
  it.each(
    named<{ behaviour: string; lifecycle: Lifecycle; due: Date | undefined }>([
      { behaviour: 'an MQL is due sla.acceptWithinHours after it qualified', lifecycle: aLifecycle({ stage: 'MQL' }), due: after(QUALIFIED_AT, 24 * HOUR_MS) },
      { behaviour: 'an MQL already escalated in this cycle is not due', lifecycle: aLifecycle({ stage: 'MQL', escalatedCycle: 1 }), due: undefined },
      { behaviour: 'an MQL with no qualification date is not due', lifecycle: aLifecycle({ stage: 'MQL', qualifiedAt: undefined }), due: undefined },
      ...STAGES.filter((stage) => stage !== 'MQL').map((stage) => ({
        behaviour: `a lead in ${stage} is not waiting on sales`,
        lifecycle: aLifecycle({ stage }),
        due: undefined,
      })),
    ]),
  )('%s', (_, { lifecycle, due }) => {
    // Act
    const result = escalationDueAt(lifecycle, aSpecPlaybook());

    // Assess
    expect(result).toEqual(due);
  });
});

describe('a lead’s whole lifecycle', () => {
  it('goes lead → MQL → nurture → MQL (hand raised) → SAL → SQL, each qualification a new cycle', () => {
    // Prepare
    const playbook = aSpecPlaybook();
    const steps: LifecycleInput[] = [
      aSalesScoring({ now: daysAgo(20) }),
      aFeedback('reject', { now: daysAgo(19) }),
      aHandRaise({ now: daysAgo(3) }),
      anSlaCheck(hoursAgo(48)),
      aFeedback('accept', { now: daysAgo(1) }),
      aFeedback('convert', { now: NOW }),
    ];

    // Act
    const effects: unknown[] = [];
    const lifecycle = steps.reduce((current, input) => {
      const result = advance(current, input, playbook);
      effects.push(...(result.ok ? result.effects : []));
      return lifecycleOf(result);
    }, newLifecycle());

    // Assess
    expect(lifecycle).toMatchObject({ stage: 'SQL', cycle: 2, handRaiser: true, escalatedCycle: 2, returnReason: 'no budget this year' });
    expect(lifecycle.history.map(({ from, to, cycle }) => `${from}→${to}#${cycle}`)).toEqual([
      'lead→MQL#1',
      'MQL→nurture#1',
      'nurture→MQL#2',
      'MQL→SAL#2',
      'SAL→SQL#2',
    ]);
    expect(effects).toEqual([
      { kind: 'notify', cycle: 1, handRaiser: false },
      { kind: 'notify', cycle: 2, handRaiser: true },
      { kind: 'escalate', cycle: 2 },
    ]);
  });
});

describe('whyInWords', () => {
  const titles: Record<string, string> = { 'demo-request': 'See Winnow in action' };
  const titleOf = (formId: string) => titles[formId];

  it('names the form a hand was raised on by its title', () => {
    expect(whyInWords('raised a hand on demo-request', titleOf)).toBe('raised a hand on “See Winnow in action”');
  });

  it('keeps the id of a form no longer published, and every other reason as it was', () => {
    expect(whyInWords('raised a hand on old-form', titleOf)).toBe('raised a hand on old-form');
    expect(whyInWords('grade A × hot routes to sales', titleOf)).toBe('grade A × hot routes to sales');
  });
});
