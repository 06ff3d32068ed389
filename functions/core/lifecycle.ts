import type { Owner, Playbook } from './playbook.js';
import { DAY_MS, HOUR_MS } from './time.js';

export const STAGES = ['lead', 'MQL', 'SAL', 'SQL', 'nurture'] as const;
export type Stage = (typeof STAGES)[number];
export const DECISIONS = ['accept', 'reject', 'convert'] as const;
export type Decision = (typeof DECISIONS)[number];


export interface Transition {
  from: Stage;
  to: Stage;
  /** Why, in words sales can read: the grid cell, the hand raised, the return reason. */
  why: string;
  /** ISO 8601 */
  at: string;
  cycle: number;
  /** Sales' reason, when it returned the lead to nurture. */
  reason?: string;
}

/** Where a lead stands with sales. A cycle is one qualification: MQL and what sales made of it. */
export interface Lifecycle {
  stage: Stage;
  cycle: number;
  handRaiser: boolean;
  /** When the current cycle's MQL began (ISO 8601). */
  qualifiedAt?: string;
  /** When sales last returned the lead to nurture (ISO 8601). */
  nurturedAt?: string;
  returnReason?: string;
  /** The cycle whose SLA escalation is due or done. */
  escalatedCycle?: number;
  /** The cycle whose qualification notification went out on every channel. */
  notifiedCycle?: number;
  /**
   * What the lifecycle's changes asked for and nobody has carried out yet: written in the same
   * conditional write as the change that asked, so a crash loses none and a change that was
   * never stored asks for nothing. Absent on a lifecycle stored before the outbox.
   */
  outbox?: Effect[];
  history: Transition[];
}

/** What a transition asks the outside world to do, once, for the cycle it names. */
export type Effect =
  | { kind: 'notify'; cycle: number; handRaiser: boolean }
  | { kind: 'escalate'; cycle: number };

export type LifecycleInput =
  /** A scoring job finished: the grid's owner, and whether this job was a hand-raiser's submission. */
  | { kind: 'scored'; grade: string; band: string; owner: Owner; handRaised: boolean; formId?: string; now: Date }
  | { kind: 'feedback'; decision: Decision; reason?: string; now: Date }
  | { kind: 'sla'; now: Date };

export type Advance =
  | { ok: true; lifecycle: Lifecycle; effects: Effect[]; changed: boolean }
  | { ok: false; code: 'conflict' | 'invalid'; message: string };

export const newLifecycle = (): Lifecycle => ({ stage: 'lead', cycle: 0, handRaiser: false, history: [] });

/** Sales owns a lead from the moment it qualifies until sales gives it back. */
export const ownerOf = (stage: Stage): Owner => (stage === 'MQL' || stage === 'SAL' || stage === 'SQL' ? 'sales' : 'marketing');

const unchanged = (lifecycle: Lifecycle): Advance => ({ ok: true, lifecycle, effects: [], changed: false });

const qualify = (lifecycle: Lifecycle, why: string, handRaised: boolean, now: Date): Advance => {
  const cycle = lifecycle.cycle + 1;
  const at = now.toISOString();
  return {
    ok: true,
    changed: true,
    lifecycle: {
      ...lifecycle,
      stage: 'MQL',
      cycle,
      handRaiser: handRaised,
      qualifiedAt: at,
      history: [...lifecycle.history, { from: lifecycle.stage, to: 'MQL', why, at, cycle }],
    },
    effects: [{ kind: 'notify', cycle, handRaiser: handRaised }],
  };
};

const onScored = (lifecycle: Lifecycle, input: Extract<LifecycleInput, { kind: 'scored' }>, playbook: Playbook): Advance => {
  const cell = `grade ${input.grade} × ${input.band} routes to sales`;
  const raised = `raised a hand${input.formId ? ` on ${input.formId}` : ''}`;
  switch (lifecycle.stage) {
    case 'lead':
      if (input.handRaised) return qualify(lifecycle, raised, true, input.now);
      return input.owner === 'sales' ? qualify(lifecycle, cell, false, input.now) : unchanged(lifecycle);
    case 'nurture': {
      if (input.handRaised) return qualify(lifecycle, raised, true, input.now);
      const waited = input.now.getTime() - Date.parse(lifecycle.nurturedAt ?? '') >= playbook.recycle.afterDays * DAY_MS;
      return input.owner === 'sales' && waited
        ? qualify(lifecycle, `recycled after ${playbook.recycle.afterDays} days in nurture: ${cell}`, false, input.now)
        : unchanged(lifecycle);
    }
    default:
      // Already with sales: a raised hand is worth marking, but the cycle's one notification went out.
      return input.handRaised && !lifecycle.handRaiser
        ? { ok: true, changed: true, effects: [], lifecycle: { ...lifecycle, handRaiser: true } }
        : unchanged(lifecycle);
  }
};

const FEEDBACK: Record<Decision, { from: readonly Stage[]; to: Stage; done: string }> = {
  accept: { from: ['MQL'], to: 'SAL', done: 'accepted' },
  reject: { from: ['MQL', 'SAL'], to: 'nurture', done: 'returned to nurture' },
  convert: { from: ['MQL', 'SAL'], to: 'SQL', done: 'converted' },
};

/** The decisions sales may make on a lead in `stage`. */
export const decisionsFrom = (stage: Stage): Decision[] => DECISIONS.filter((decision) => FEEDBACK[decision].from.includes(stage));

const onFeedback = (lifecycle: Lifecycle, input: Extract<LifecycleInput, { kind: 'feedback' }>): Advance => {
  const rule = FEEDBACK[input.decision];
  const reason = input.reason?.trim();
  if (input.decision === 'reject' && !reason) {
    return { ok: false, code: 'invalid', message: 'returning a lead to nurture needs a reason' };
  }
  if (!rule.from.includes(lifecycle.stage)) {
    const message =
      lifecycle.stage === rule.to
        ? `lead was already ${rule.done}`
        : `cannot ${input.decision} a lead in stage ${lifecycle.stage} (only from ${rule.from.join(' or ')})`;
    return { ok: false, code: 'conflict', message };
  }
  const at = input.now.toISOString();
  const why = input.decision === 'reject' ? `returned by sales: ${reason}` : `${rule.done} by sales`;
  const next: Lifecycle = {
    ...lifecycle,
    stage: rule.to,
    history: [...lifecycle.history, { from: lifecycle.stage, to: rule.to, why, at, cycle: lifecycle.cycle, ...(reason && input.decision === 'reject' ? { reason } : {}) }],
  };
  if (input.decision === 'reject') {
    next.nurturedAt = at;
    next.returnReason = reason;
  }
  return { ok: true, changed: true, lifecycle: next, effects: [] };
};

/** The cycle whose notification is still owed: sales hears of every qualification once. */
export const notificationDue = (lifecycle: Lifecycle): number | undefined =>
  lifecycle.cycle > 0 && lifecycle.notifiedCycle !== lifecycle.cycle ? lifecycle.cycle : undefined;

const sameEffect = (a: Effect, b: Effect): boolean => a.kind === b.kind && a.cycle === b.cycle;

/** Whether an effect still means something: a notification for the current cycle, an escalation while that cycle's MQL waits. */
const stillOwed = (lifecycle: Lifecycle, effect: Effect): boolean =>
  effect.cycle === lifecycle.cycle && (effect.kind === 'notify' || lifecycle.stage === 'MQL');

/**
 * The effects a lead's lifecycle still owes, oldest first. A lifecycle stored before the outbox
 * owes what its cycle counters say: its cycle's notification unless it went out, and an
 * escalation it marked (resending one that went out is a no-op: the claim records say so).
 */
export const owedEffects = (lifecycle: Lifecycle): Effect[] => {
  const outbox =
    lifecycle.outbox ??
    [
      ...(notificationDue(lifecycle) === undefined ? [] : [{ kind: 'notify' as const, cycle: lifecycle.cycle, handRaiser: lifecycle.handRaiser }]),
      ...(lifecycle.escalatedCycle === lifecycle.cycle && lifecycle.cycle > 0 ? [{ kind: 'escalate' as const, cycle: lifecycle.cycle }] : []),
    ];
  return outbox.filter((effect) => stillOwed(lifecycle, effect));
};

/** The lifecycle to store for a step: its new state, and the effects it asked for in its outbox. */
export const withEffects = (lifecycle: Lifecycle, effects: readonly Effect[]): Lifecycle => {
  const owed = owedEffects(lifecycle);
  const added = effects.filter((effect) => !owed.some((other) => sameEffect(effect, other)));
  return lifecycle.outbox === undefined && owed.length === 0 && added.length === 0 ? lifecycle : { ...lifecycle, outbox: [...owed, ...added] };
};

/** The lifecycle once `effect` was carried out: out of the outbox (with any that no longer mean anything), and counted. */
export const settle = (lifecycle: Lifecycle, effect: Effect): Lifecycle => ({
  ...lifecycle,
  outbox: owedEffects(lifecycle).filter((other) => !sameEffect(effect, other)),
  ...(effect.kind === 'notify' ? { notifiedCycle: effect.cycle } : {}),
});

/**
 * A hand-raiser form's submission raises the lead's hand once: when its job is redelivered
 * after it was scored, it must not start a new cycle.
 */
export const raisesHand = (form: { handRaiser?: boolean } | undefined, alreadyScored: boolean): boolean => Boolean(form?.handRaiser) && !alreadyScored;

/** When an unanswered MQL is due for escalation, or undefined if it is not waiting on sales. */
export const escalationDueAt = (lifecycle: Lifecycle, playbook: Playbook): Date | undefined => {
  if (lifecycle.stage !== 'MQL' || lifecycle.escalatedCycle === lifecycle.cycle || !lifecycle.qualifiedAt) return undefined;
  return new Date(Date.parse(lifecycle.qualifiedAt) + playbook.sla.acceptWithinHours * HOUR_MS);
};

const onSla = (lifecycle: Lifecycle, now: Date, playbook: Playbook): Advance => {
  const due = escalationDueAt(lifecycle, playbook);
  if (!due || now < due) return unchanged(lifecycle);
  return {
    ok: true,
    changed: true,
    lifecycle: { ...lifecycle, escalatedCycle: lifecycle.cycle },
    effects: [{ kind: 'escalate', cycle: lifecycle.cycle }],
  };
};

/**
 * The lead lifecycle as one state machine: lead → MQL → SAL → SQL, or back to nurture.
 * It returns the effects a transition triggers instead of performing them, so callers can
 * record and send each exactly once.
 */
export const advance = (lifecycle: Lifecycle, input: LifecycleInput, playbook: Playbook): Advance => {
  switch (input.kind) {
    case 'scored':
      return onScored(lifecycle, input, playbook);
    case 'feedback':
      return onFeedback(lifecycle, input);
    case 'sla':
      return onSla(lifecycle, input.now, playbook);
  }
};
