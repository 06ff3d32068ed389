import type { Owner, Playbook } from './playbook.js';
import { checkReturn } from './follow-up.js';
import { outcomeOf } from './outcome.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { withWebhookEffects, type WebhookTrigger } from './webhooks.js';

export const STAGES = ['lead', 'MQL', 'SAL', 'SQL', 'nurture'] as const;
export type Stage = (typeof STAGES)[number];
export const DECISIONS = ['accept', 'reject', 'convert', 'attempt'] as const;
export type Decision = (typeof DECISIONS)[number];
export const ATTEMPT_CHANNELS = ['call', 'email', 'meeting', 'other'] as const;
export type AttemptChannel = (typeof ATTEMPT_CHANNELS)[number];

/** Who acted: a rep's id, `admin` (the admin token), or `system` (scoring, the SLA). */
export type Actor = string;
export const SYSTEM: Actor = 'system';
export const ADMIN: Actor = 'admin';


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
  /** Who acted; absent on entries written before it was recorded. */
  by?: Actor;
}

/** One rep's turn with a lead in a cycle (round 0 first, one more per reassignment). */
export interface Assignment {
  cycle: number;
  round: number;
  team: string;
  /** Absent when no `assign` rule held for the lead. */
  pool?: string;
  /** Absent: nobody in the pool could take it, so it waits in the pool and the fallback was told. */
  rep?: string;
  assignedAt: string;
  /** When the SLA clock started: the rep's next working minute when assigned out of hours. */
  startsAt?: string;
  /** When the rep must have touched it (accepted, returned or logged an attempt). */
  dueAt?: string;
  /** The rep's first touch: it stops the clock. */
  touchedAt?: string;
  /** When the rep missed the SLA (the lead moved on, or was escalated). */
  missedAt?: string;
  /** When the rep's open load was asked to drop this lead: it left MQL and SAL, or moved on. */
  releasedAt?: string;
}

/** A contact attempt a rep logged before deciding. */
export interface Attempt {
  cycle: number;
  at: string;
  channel: AttemptChannel;
  note?: string;
  by: Actor;
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
  /** Every assignment, oldest first; the current one is the last of the current cycle. */
  assignments?: Assignment[];
  attempts?: Attempt[];
}

/** What a transition asks the outside world to do, once, for the cycle it names. */
export type Effect =
  | { kind: 'notify'; cycle: number; handRaiser: boolean }
  | { kind: 'escalate'; cycle: number }
  /** Pick a rep of the pool for this round (the team's rotation decides who). */
  | { kind: 'assign'; cycle: number; round: number }
  /** Tell the round's rep the lead is theirs, or the fallback that nobody could take it. */
  | { kind: 'notify_rep'; cycle: number; round: number }
  /** Tell the round's rep the lead moved on to someone else (the SLA passed). */
  | { kind: 'tell_moved'; cycle: number; round: number }
  /** The round's rep has one open lead fewer. */
  | { kind: 'release'; cycle: number; round: number }
  /** The cycle's outcome changed (it qualified, or sales decided): the closed-loop reports read it apart from the lead. */
  | { kind: 'outcome'; cycle: number }
  /** A webhook event to every endpoint subscribed to it; `key` names the event among the lead's (type, cycle, round). */
  | { kind: 'webhook'; cycle: number; key: string; event: WebhookTrigger };

export type LifecycleInput =
  /** A scoring job finished: the grid's owner, and whether this job was a hand-raiser's submission. */
  | { kind: 'scored'; grade: string; band: string; owner: Owner; handRaised: boolean; formId?: string; now: Date }
  | { kind: 'feedback'; decision: Decision; reason?: string; channel?: AttemptChannel; note?: string; by?: Actor; now: Date }
  | { kind: 'sla'; now: Date };

export type Advance =
  | { ok: true; lifecycle: Lifecycle; effects: Effect[]; changed: boolean }
  | { ok: false; code: 'conflict' | 'invalid' | 'follow_up_required'; message: string };

export const newLifecycle = (): Lifecycle => ({ stage: 'lead', cycle: 0, handRaiser: false, history: [] });

/** Sales owns a lead from the moment it qualifies until sales gives it back. */
export const ownerOf = (stage: Stage): Owner => (stage === 'MQL' || stage === 'SAL' || stage === 'SQL' ? 'sales' : 'marketing');

const unchanged = (lifecycle: Lifecycle): Advance => ({ ok: true, lifecycle, effects: [], changed: false });

const qualify = (lifecycle: Lifecycle, why: string, handRaised: boolean, now: Date, playbook: Playbook): Advance => {
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
      history: [...lifecycle.history, { from: lifecycle.stage, to: 'MQL', why, at, cycle, by: SYSTEM }],
    },
    // With a team the rep is picked first, so the team's notice can say who has the lead.
    effects: [...(playbook.team ? [{ kind: 'assign' as const, cycle, round: 0 }] : []), { kind: 'notify', cycle, handRaiser: handRaised }],
  };
};

const RAISED_ON = 'raised a hand on ';

/**
 * A transition's `why` as a person reads it: the stored text names a form by id (it is written
 * when the form's title is not at hand, and a title may change), so the title takes its place.
 */
export const whyInWords = (why: string, formTitle: (formId: string) => string | undefined): string => {
  if (!why.startsWith(RAISED_ON)) return why;
  const formId = why.slice(RAISED_ON.length);
  const title = formTitle(formId);
  return title ? `${RAISED_ON}“${title}”` : why;
};

const onScored = (lifecycle: Lifecycle, input: Extract<LifecycleInput, { kind: 'scored' }>, playbook: Playbook): Advance => {
  const cell = `grade ${input.grade} × ${input.band} routes to sales`;
  const raised = input.formId ? `${RAISED_ON}${input.formId}` : 'raised a hand';
  switch (lifecycle.stage) {
    case 'lead':
      if (input.handRaised) return qualify(lifecycle, raised, true, input.now, playbook);
      return input.owner === 'sales' ? qualify(lifecycle, cell, false, input.now, playbook) : unchanged(lifecycle);
    case 'nurture': {
      if (input.handRaised) return qualify(lifecycle, raised, true, input.now, playbook);
      const waited = input.now.getTime() - Date.parse(lifecycle.nurturedAt ?? '') >= playbook.recycle.afterDays * DAY_MS;
      return input.owner === 'sales' && waited
        ? qualify(lifecycle, `recycled after ${playbook.recycle.afterDays} days in nurture: ${cell}`, false, input.now, playbook)
        : unchanged(lifecycle);
    }
    default: {
      // Already with sales: a raised hand is marked once a cycle. An MQL nobody has taken yet is
      // told to sales again (SPEC: "or a hand-raiser submits"), or its request would go unseen.
      if (!input.handRaised || lifecycle.handRaiser) return unchanged(lifecycle);
      const effects: Effect[] = lifecycle.stage === 'MQL' ? [{ kind: 'notify', cycle: lifecycle.cycle, handRaiser: true }] : [];
      return { ok: true, changed: true, effects, lifecycle: { ...lifecycle, handRaiser: true } };
    }
  }
};

const FEEDBACK: Record<Decision, { from: readonly Stage[]; to: Stage; done: string }> = {
  accept: { from: ['MQL'], to: 'SAL', done: 'accepted' },
  reject: { from: ['MQL', 'SAL'], to: 'nurture', done: 'returned to nurture' },
  convert: { from: ['MQL', 'SAL'], to: 'SQL', done: 'converted' },
  // A logged contact attempt keeps the stage: it is the follow-up a return may need first.
  attempt: { from: ['MQL', 'SAL'], to: 'MQL', done: 'attempted' },
};

/** The decisions sales may make on a lead in `stage`. */
export const decisionsFrom = (stage: Stage): Decision[] => DECISIONS.filter((decision) => FEEDBACK[decision].from.includes(stage));

/** The current cycle's assignment: the latest of this cycle, if the lead has one. */
export const currentAssignment = (lifecycle: Lifecycle): Assignment | undefined => {
  const last = lifecycle.assignments?.at(-1);
  return last && last.cycle === lifecycle.cycle ? last : undefined;
};

/** Contact attempts logged in the current cycle. */
export const attemptsThisCycle = (lifecycle: Lifecycle): Attempt[] => (lifecycle.attempts ?? []).filter((attempt) => attempt.cycle === lifecycle.cycle);

/** The lifecycle with its current assignment changed by `change`. */
const withCurrent = (lifecycle: Lifecycle, change: (assignment: Assignment) => Assignment): Lifecycle => {
  const current = currentAssignment(lifecycle);
  if (!current || !lifecycle.assignments) return lifecycle;
  return { ...lifecycle, assignments: [...lifecycle.assignments.slice(0, -1), change(current)] };
};

/** The first touch (accept, return, attempt) stops the SLA clock of the current assignment. */
const touched = (lifecycle: Lifecycle, at: string): Lifecycle =>
  withCurrent(lifecycle, (assignment) => (assignment.touchedAt || !assignment.rep ? assignment : { ...assignment, touchedAt: at }));

/** A lead that leaves MQL and SAL frees a place in its rep's open load. */
const released = (lifecycle: Lifecycle, to: Stage, at: string): { lifecycle: Lifecycle; effects: Effect[] } => {
  const current = currentAssignment(lifecycle);
  if (!current?.rep || current.releasedAt || (to !== 'nurture' && to !== 'SQL')) return { lifecycle, effects: [] };
  return { lifecycle: withCurrent(lifecycle, (assignment) => ({ ...assignment, releasedAt: at })), effects: [{ kind: 'release', cycle: current.cycle, round: current.round }] };
};

const onFeedback = (lifecycle: Lifecycle, input: Extract<LifecycleInput, { kind: 'feedback' }>, playbook: Playbook): Advance => {
  const rule = FEEDBACK[input.decision];
  const reason = input.reason?.trim();
  if (input.decision === 'reject' && !reason) {
    return { ok: false, code: 'invalid', message: 'returning a lead to nurture needs a reason' };
  }
  if (input.decision === 'attempt' && !input.channel) {
    return { ok: false, code: 'invalid', message: `logging an attempt needs a channel (${ATTEMPT_CHANNELS.join(', ')})` };
  }
  if (!rule.from.includes(lifecycle.stage)) {
    const message =
      lifecycle.stage === rule.to
        ? `lead was already ${rule.done}`
        : `cannot ${input.decision} a lead in stage ${lifecycle.stage} (only from ${rule.from.join(' or ')})`;
    return { ok: false, code: 'conflict', message };
  }
  if (input.decision === 'reject' && reason) {
    const allowed = checkReturn(playbook, reason, attemptsThisCycle(lifecycle).length);
    if (!allowed.ok) return { ok: false, code: allowed.code === 'invalid_reason' ? 'invalid' : 'follow_up_required', message: allowed.message };
  }
  const at = input.now.toISOString();
  const by = input.by ?? ADMIN;
  const before = touched(lifecycle, at);
  if (input.decision === 'attempt') {
    const attempt: Attempt = { cycle: lifecycle.cycle, at, channel: input.channel ?? 'other', by, ...(input.note?.trim() ? { note: input.note.trim() } : {}) };
    return { ok: true, changed: true, effects: [], lifecycle: { ...before, attempts: [...(lifecycle.attempts ?? []), attempt] } };
  }
  const why = input.decision === 'reject' ? `returned by sales: ${reason}` : `${rule.done} by sales`;
  const next: Lifecycle = {
    ...before,
    stage: rule.to,
    history: [...lifecycle.history, { from: lifecycle.stage, to: rule.to, why, at, cycle: lifecycle.cycle, by, ...(reason && input.decision === 'reject' ? { reason } : {}) }],
  };
  if (input.decision === 'reject') {
    next.nurturedAt = at;
    next.returnReason = reason;
  }
  const freed = released(next, rule.to, at);
  return { ok: true, changed: true, lifecycle: freed.lifecycle, effects: freed.effects };
};

/** The cycle whose notification is still owed: sales hears of every qualification once. */
export const notificationDue = (lifecycle: Lifecycle): number | undefined =>
  lifecycle.cycle > 0 && lifecycle.notifiedCycle !== lifecycle.cycle ? lifecycle.cycle : undefined;

const roundOf = (effect: Effect): number | undefined => ('round' in effect ? effect.round : undefined);
/** A cycle yields several webhook events: each is its own effect. */
const keyOf = (effect: Effect): string | undefined => (effect.kind === 'webhook' ? effect.key : undefined);

/** Two effects are one when they name the same thing to do for the same cycle (and round, and webhook event). */
export const sameEffect = (a: Effect, b: Effect): boolean => a.kind === b.kind && a.cycle === b.cycle && roundOf(a) === roundOf(b) && keyOf(a) === keyOf(b);

/**
 * Whether an effect still means something: a notification for the current cycle; an escalation
 * or an assignment while that cycle's MQL waits (an assignment not made yet); a rep's notice
 * while that rep still has the lead. A release or a moved-on notice is owed whatever came since.
 */
const stillOwed = (lifecycle: Lifecycle, effect: Effect): boolean => {
  switch (effect.kind) {
    case 'release':
    case 'tell_moved':
    case 'outcome':
    case 'webhook':
      return true;
    case 'notify':
      return effect.cycle === lifecycle.cycle;
    case 'escalate':
      return effect.cycle === lifecycle.cycle && lifecycle.stage === 'MQL';
    case 'assign':
      return effect.cycle === lifecycle.cycle && lifecycle.stage === 'MQL' && !(lifecycle.assignments ?? []).some((a) => a.cycle === effect.cycle && a.round >= effect.round);
    case 'notify_rep': {
      const current = currentAssignment(lifecycle);
      return effect.cycle === lifecycle.cycle && current?.round === effect.round;
    }
  }
};

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

/** The effects that tell a person something: what they are told must be stored before they can act on it. */
const TELLS: readonly Effect['kind'][] = ['notify', 'notify_rep', 'tell_moved', 'escalate'];

export const tellsSomeone = (effect: Effect): boolean => TELLS.includes(effect.kind);

/**
 * Of the effects owed, those that go out together now: nobody is told while a rep is still to be
 * picked (a notice's links must meet the pick, stored first), and a pick waits for the places
 * being freed (a release left owed by an earlier run may free the one it needs).
 */
export const nextWave = (owed: readonly Effect[]): Effect[] => {
  const picking = owed.some((effect) => effect.kind === 'assign');
  const releasing = owed.some((effect) => effect.kind === 'release');
  return owed.filter((effect) => !(picking && tellsSomeone(effect)) && !(releasing && effect.kind === 'assign'));
};

/** The lifecycle to store for a step: its new state, and the effects it asked for in its outbox. */
export const withEffects = (lifecycle: Lifecycle, effects: readonly Effect[]): Lifecycle => {
  const owed = owedEffects(lifecycle);
  // What the step asks for goes last, in its own order (a rep picked before the team's notice).
  const before = owed.filter((other) => !effects.some((effect) => sameEffect(effect, other)));
  return lifecycle.outbox === undefined && owed.length === 0 && effects.length === 0 ? lifecycle : { ...lifecycle, outbox: [...before, ...effects] };
};

/**
 * The lifecycle to store for a step taken from `before`: its effects, and the outcome record
 * of every cycle whose history the step moved, so the reports never read a stale one.
 */
export const storedStep = (before: Lifecycle, step: { lifecycle: Lifecycle; effects: readonly Effect[] }): Lifecycle => {
  const moved = new Set(step.lifecycle.history.slice(before.history.length).map((transition) => transition.cycle));
  const outcomes = [...moved].filter((cycle) => outcomeOf(step.lifecycle.history, cycle) !== undefined).map((cycle): Effect => ({ kind: 'outcome', cycle }));
  // The webhook events the change yields go in the same write (SPEC: a change and its deliveries are stored together).
  return withWebhookEffects(before, withEffects(step.lifecycle, [...step.effects, ...outcomes]));
};

/** The lifecycle once `effect` was carried out: out of the outbox (with any that no longer mean anything), and counted. */
export const settle = (lifecycle: Lifecycle, effect: Effect): Lifecycle => ({
  ...lifecycle,
  outbox: owedEffects(lifecycle).filter((other) => !sameEffect(effect, other)),
  ...(effect.kind === 'notify' ? { notifiedCycle: effect.cycle } : {}),
});

/**
 * The lifecycle once an `assign` effect picked its rep (or found none): the assignment recorded,
 * and the rep's notice (or the fallback's) owed in its place. Replayed, it changes nothing.
 */
export const assigned = (lifecycle: Lifecycle, effect: Extract<Effect, { kind: 'assign' }>, assignment: Omit<Assignment, 'cycle' | 'round'>): Lifecycle => {
  if (!owedEffects(lifecycle).some((owed) => sameEffect(owed, effect))) return lifecycle;
  const notice: Effect = { kind: 'notify_rep', cycle: effect.cycle, round: effect.round };
  const next: Lifecycle = { ...lifecycle, assignments: [...(lifecycle.assignments ?? []), { ...assignment, cycle: effect.cycle, round: effect.round }] };
  return { ...next, outbox: owedEffects(lifecycle).map((owed) => (sameEffect(owed, effect) ? notice : owed)) };
};

/**
 * A hand-raiser form's submission raises the lead's hand once: when its job is redelivered
 * after it was scored, it must not start a new cycle.
 */
export const raisesHand = (form: { handRaiser?: boolean } | undefined, alreadyScored: boolean): boolean => Boolean(form?.handRaiser) && !alreadyScored;

/**
 * When an unanswered MQL is due for the SLA, or undefined if it is not waiting on sales: its
 * rep's deadline when a rep has it (the working hours were counted when it was assigned), else
 * `acceptWithinHours` of wall-clock time since it qualified.
 */
export const escalationDueAt = (lifecycle: Lifecycle, playbook: Playbook): Date | undefined => {
  if (lifecycle.stage !== 'MQL' || lifecycle.escalatedCycle === lifecycle.cycle || !lifecycle.qualifiedAt) return undefined;
  const current = currentAssignment(lifecycle);
  if (current?.rep) return current.touchedAt || !current.dueAt ? undefined : new Date(current.dueAt);
  return new Date(Date.parse(lifecycle.qualifiedAt) + playbook.sla.acceptWithinHours * HOUR_MS);
};

/**
 * A missed SLA: the lead moves to the pool's next rep (the one who missed it is told, and frees
 * a place) until `maxReassignments` moves were made; then `escalateTo` is told, once a cycle.
 */
const onSla = (lifecycle: Lifecycle, now: Date, playbook: Playbook): Advance => {
  const due = escalationDueAt(lifecycle, playbook);
  if (!due || now < due) return unchanged(lifecycle);
  const current = currentAssignment(lifecycle);
  const at = now.toISOString();
  const missed = withCurrent(lifecycle, (assignment) => (assignment.rep ? { ...assignment, missedAt: at } : assignment));
  if (current?.rep && current.round < playbook.sla.maxReassignments) {
    const moved = withCurrent(missed, (assignment) => ({ ...assignment, releasedAt: at }));
    const { cycle, round } = current;
    return {
      ok: true,
      changed: true,
      lifecycle: moved,
      // The next rep first, so the one who missed it is told who has it now.
      effects: [
        { kind: 'release', cycle, round },
        { kind: 'assign', cycle, round: round + 1 },
        { kind: 'tell_moved', cycle, round },
      ],
    };
  }
  // The rep keeps the lead: escalation asks a person to step in, it does not take it away.
  return { ok: true, changed: true, lifecycle: { ...missed, escalatedCycle: lifecycle.cycle }, effects: [{ kind: 'escalate', cycle: lifecycle.cycle }] };
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
      return onFeedback(lifecycle, input, playbook);
    case 'sla':
      return onSla(lifecycle, input.now, playbook);
  }
};
