import { once, onFirstUse, sharedRead } from '../core/once.js';
import { receives, withWebhookEffects } from '../core/webhooks.js';
import { HOUR_MS, answersOf, assigned, currentAssignment, nextWave, noticeWaits, owedEffects, reasonsOf, sameEffect, settle, tellsSomeone, type Effect, type Form, type Lifecycle, type Playbook, type Reasons, type Team } from '../core/index.js';
import { assignRound, releaseRound } from './assign.js';
import { findDocument } from './documents.js';
import { resolveLead } from './leads.js';
import { notifyAssigned, notifyEscalation, notifyMoved, notifyQualified, type NotifyDependencies } from './notify.js';
import { LeadErasedError } from './errors.js';
import { logger } from './logger.js';
import { isErased, type Activity, type Store, type StoredLead } from './ports/store.js';
import { recordOutcome } from './outcomes.js';
import { retryOnConflict } from './retry.js';
import { carryOutWebhook, type WebhookOutboxDependencies } from './webhook-outbox.js';

/** What carrying out effects needs: the notifiers, and the webhook queue when there is one. */
export type CarryOutDependencies = NotifyDependencies & Pick<WebhookOutboxDependencies, 'webhookQueue'>;

/** A lead as its last qualification write left it: what carrying out its effects starts from. */
export interface Qualified {
  lead: StoredLead['lead'];
  lifecycle: Lifecycle;
  lifecycleVersion: number;
  score: NonNullable<StoredLead['score']>;
  /** The score's reasons, when the scoring that wrote it is at hand; else worked out again (`reasonsOf`) by the first effect that shows them. */
  reasons?: Reasons;
  /** The lead's history, when the scoring that wrote the score read it: an outcome record's snapshot needs no read of its own. */
  activity?: Activity;
}

type Saved = Pick<Qualified, 'lifecycle' | 'lifecycleVersion'>;

/** What carrying out an effect changes in the lifecycle: a pure step, so it applies again to what a racing writer stored. */
type Change = (lifecycle: Lifecycle) => Lifecycle;

const isOwed = (lifecycle: Lifecycle, effect: Effect): boolean => owedEffects(lifecycle).some((owed) => sameEffect(owed, effect));

/** Each change in turn, as if each were written alone: a change made here (a rep picked) yields webhook events as any stored step does. */
const applied = (lifecycle: Lifecycle, changes: readonly Change[]): Lifecycle => changes.reduce((current, change) => withWebhookEffects(current, change(current)), lifecycle);

/**
 * Writes `changes` of the lifecycle over the version held, in one write; a racing writer makes
 * it reload and apply them again to what that writer stored. Answers what is stored after, or
 * undefined when the lead is gone.
 */
const saveChanges = (store: Pick<Store, 'getLead' | 'saveQualification'>, leadId: string, held: Saved, changes: readonly Change[]): Promise<Saved | undefined> =>
  retryOnConflict(async (attempt) => {
    let current: Saved = held;
    if (attempt > 1) {
      const reloaded = await resolveLead(store, leadId);
      if (!reloaded?.lifecycle) return undefined;
      current = { lifecycle: reloaded.lifecycle, lifecycleVersion: reloaded.lifecycleVersion ?? 0 };
    }
    const next = applied(current.lifecycle, changes);
    if (next === current.lifecycle) return current;
    await store.saveQualification(leadId, { lifecycle: next }, current.lifecycleVersion);
    return { lifecycle: next, lifecycleVersion: current.lifecycleVersion + 1 };
  });

/** A carried-out effect taken out of the outbox, unless a racing writer did. */
const settling =
  (effect: Effect): Change =>
  (lifecycle) =>
    isOwed(lifecycle, effect) ? settle(lifecycle, effect) : lifecycle;

/** Takes a carried-out effect out of the outbox, in a write of its own. */
const settled = (store: Pick<Store, 'getLead' | 'saveQualification'>, leadId: string, held: Saved, effect: Effect) => saveChanges(store, leadId, held, [settling(effect)]);

const roundOf = (lifecycle: Lifecycle, effect: { cycle: number; round: number }) => lifecycle.assignments?.find((a) => a.cycle === effect.cycle && a.round === effect.round);

/** The playbook's team: without it a lead cannot be assigned, and failing sends the job on to retry. */
const teamOf = async (store: Store, playbook: Playbook, teamId = playbook.team): Promise<Team> => {
  const team = teamId === undefined ? undefined : await findDocument(store, 'team', teamId);
  if (!team) throw new Error(`team ${teamId ?? '(none)'} is not published; the playbook's leads cannot be assigned`);
  return team.document;
};

const repName = (team: Team, repId: string | undefined): string | undefined => team.reps.find((rep) => rep.id === repId)?.name;

/** Carries out one effect; answers what it changes in the lifecycle (its settle, or an assignment in its place). */
const carryOne = async (deps: CarryOutDependencies, qualified: Qualified, effect: Effect, { playbook, reasons, formTitle }: { playbook: Playbook; reasons: () => Reasons; formTitle?: string | undefined }): Promise<Change> => {
  const { lead, lifecycle } = qualified;
  const about = () => ({ lead, playbook, ...reasons(), cycle: effect.cycle, handRaiser: lifecycle.handRaiser });
  switch (effect.kind) {
    case 'notify': {
      const current = currentAssignment(lifecycle);
      const assignedTo = current?.rep && playbook.team ? (await teamOf(deps.store, playbook, current.team)).reps.find((rep) => rep.id === current.rep) : undefined;
      // Told of this cycle already: the effect is an MQL's raised hand (lifecycle.ts asks for it), the cycle's second notice.
      const alreadyMql = lifecycle.notifiedCycle === effect.cycle;
      await notifyQualified(deps, { ...about(), ...(formTitle ? { formTitle } : {}), ...(assignedTo ? { assignedTo } : {}), ...(alreadyMql ? { alreadyMql } : {}) });
      break;
    }
    case 'escalate': {
      const waited = deps.now().getTime() - Date.parse(lifecycle.qualifiedAt ?? deps.now().toISOString());
      await notifyEscalation(deps, { ...about(), hoursWaiting: Math.floor(waited / HOUR_MS) });
      break;
    }
    case 'assign': {
      const team = await teamOf(deps.store, playbook);
      const assignment = await assignRound(deps.store, { lead, lifecycle, playbook, team, cycle: effect.cycle, round: effect.round, now: deps.now() });
      // The pick replaces the effect with the rep's notice: no settle of its own.
      return (current) => assigned(current, effect, assignment);
    }
    case 'notify_rep':
    case 'tell_moved': {
      const assignment = roundOf(lifecycle, effect);
      if (assignment) {
        const team = await teamOf(deps.store, playbook, assignment.team);
        if (effect.kind === 'notify_rep') await notifyAssigned(deps, { ...about(), team, assignment });
        else {
          const movedTo = repName(team, currentAssignment(lifecycle)?.rep);
          await notifyMoved(deps, { ...about(), team, assignment, ...(movedTo ? { movedTo } : {}) });
        }
      }
      break;
    }
    case 'release':
    case 'outcome':
      await carryOutStored(deps.store, qualified, effect);
      break;
    case 'webhook':
      await carryOutWebhook(deps, { lead, reasons: reasons() }, effect);
      break;
  }
  return settling(effect);
};

/**
 * How long a notice that has made its claims waits for the others of its wave before it looks at
 * the lead alone: a call that never answers must not hold its send until its claims end `unknown`.
 */
const SHARED_LOOK_WAIT_MS = 2_000;

/** Whether any of `items` holds, each asked at once. */
const someAsync = async <T>(items: readonly T[], holds: (item: T) => Promise<boolean>): Promise<boolean> => (await Promise.all(items.map(holds))).some(Boolean);

/**
 * Whether carrying out `effect` writes the lead's data where an erase that landed since the
 * lead was last read or written would not find it: an outcome record, or webhook bodies to an
 * endpoint that receives the event. (A notification checks for itself, after its claim.)
 */
const writesLeadData = async (store: Pick<Store, 'webhookEndpoints'>, effect: Effect): Promise<boolean> =>
  effect.kind === 'outcome' || (effect.kind === 'webhook' && (await store.webhookEndpoints()).some((endpoint) => receives(endpoint, effect.event.type)));

/**
 * The store as one run of a lead's effects reads it: the webhook endpoints once, however many of
 * its events the run queues. Its events were stored before the run began, so one read serves them
 * all as well as one each would.
 */
const forOneRun = <S extends Pick<Store, 'webhookEndpoints'>>(store: S): S =>
  Object.assign(Object.create(store) as S, { webhookEndpoints: onFirstUse(() => store.webhookEndpoints()) });

/**
 * Carries out the effects of `kinds` the lead's lifecycle still owes, each exactly once (the
 * notification claims, the team's moves, the delivery ids and the outcome's revision make a
 * repeat a no-op), and settles them in the outbox. They go in waves, each wave's effects at once
 * (a qualifying lead's chain of round trips is what holds up its batch): while a rep is still to
 * be picked, all but the effects that tell someone; an effect may owe another (an assignment, its
 * rep's notice), which goes in the next wave. A rep picked is written before anyone is told of
 * it, so their links meet it; the other settles are one write at the end of the run, not one
 * each: a crash before it costs the retry a repeat of each, which changes nothing. A failure
 * writes the settles of the effects carried out, then throws and leaves its own effect owed, so
 * the retry carries it out. The lead erased meanwhile ends the run: a notification finds it
 * after its claims, and a wave that writes the lead's data elsewhere (`writesLeadData`) starts
 * right after the lead was read or written, else after a fresh read. `finished` is the form
 * whose last step the job answered, if it did: a hand-raiser's notice waits for it (`noticeWaits`).
 */
export const carryOutEffects = async (
  deps: CarryOutDependencies,
  qualified: Qualified,
  playbook: Playbook,
  { kinds, formTitle, finished }: { kinds: readonly Effect['kind'][]; formTitle?: string | undefined; finished?: Pick<Form, 'handRaiser'> | undefined },
): Promise<number> => {
  const run = { ...deps, store: forOneRun(deps.store) };
  // Worked out once a run, by the first effect that shows them; a later step of the lifecycle leaves the score as it was.
  const reasons = once(() => qualified.reasons ?? reasonsOf(playbook, answersOf(qualified.lead), qualified.score));
  const leadId = qualified.lead.leadId;
  // The lifecycle with every change so far applied; what is stored, and the changes still to write.
  let current = qualified;
  let held: Saved = qualified;
  const changes: Change[] = [];
  /** Whether the lead was read or written since the last wave went out. */
  let seenLive = true;
  /** Whether a change still to write is more than a settle (a rep picked), which nobody may be told of before it is stored. */
  let tellsAfterWrite = false;
  const write = async () => {
    const saved = await saveChanges(deps.store, leadId, held, changes);
    if (!saved) throw new LeadErasedError(leadId);
    // A write that took place found the lead there; none took place when nothing changed.
    if (saved !== held) seenLive = true;
    changes.length = 0;
    held = saved;
    current = { ...current, ...saved };
  };
  const done: Effect[] = [];
  try {
    for (;;) {
      // A hand-raiser's notice waits, owed, for its form's last step or the grace period: a later job or the SLA run sends it.
      const timing = { now: deps.now(), lastStepAt: current.lead.updatedAt, finished };
      const owed = owedEffects(current.lifecycle).filter(
        (candidate) => kinds.includes(candidate.kind) && !done.some((other) => sameEffect(candidate, other)) && !noticeWaits(current.lifecycle, candidate, timing),
      );
      if (owed.length === 0) break;
      // A rep's link in a notice must meet the assignment it names, stored.
      if (tellsAfterWrite && owed.some(tellsSomeone)) {
        await write();
        tellsAfterWrite = false;
      }
      const wave = nextWave(owed);
      if (!seenLive && (await someAsync(wave, (effect) => writesLeadData(run.store, effect)))) {
        const found = await deps.store.getLead(leadId);
        if (!found || isErased(found)) throw new LeadErasedError(leadId);
        seenLive = true;
      }
      // The wave's notices share one look at the lead, taken once all of them have made their claims.
      const seats = sharedRead(wave.filter(tellsSomeone).length, () => deps.store.getLead(leadId), { maxWaitMs: SHARED_LOOK_WAIT_MS });
      const results = await Promise.allSettled(
        wave.map((effect) => {
          const seat = tellsSomeone(effect) ? seats.pop() : undefined;
          if (!seat) return carryOne(run, current, effect, { playbook, reasons, formTitle });
          return carryOne({ ...run, lookAtLead: () => seat.ask() }, current, effect, { playbook, reasons, formTitle }).finally(() => seat.leave());
        }),
      );
      const carried = wave.flatMap((effect, i) => {
        const result = results[i];
        return result?.status === 'fulfilled' ? [{ effect, change: result.value }] : [];
      });
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      // Gone: nothing is left to settle, nor to carry out, whatever else of the wave went out.
      if (results.some((result) => result.status === 'rejected' && result.reason instanceof LeadErasedError)) throw new LeadErasedError(leadId);
      for (const { effect, change } of carried) {
        done.push(effect);
        changes.push(change);
        tellsAfterWrite ||= effect.kind === 'assign';
      }
      seenLive = false;
      current = { ...current, lifecycle: applied(current.lifecycle, carried.map(({ change }) => change)) };
      if (failure) throw failure.reason;
    }
  } catch (error) {
    // Gone: nothing is left to settle, nor to carry out.
    if (error instanceof LeadErasedError) return done.length;
    // What was carried out stays carried out; should this write fail too, the retry repeats it, which changes nothing.
    await saveChanges(deps.store, leadId, held, changes).catch((unsaved: unknown) =>
      logger.warn('the effects carried out before a failure were not settled; the retry repeats them, which changes nothing', { leadId, error: (unsaved as Error).message }),
    );
    throw error;
  }
  await write().catch((error: unknown) => {
    if (!(error instanceof LeadErasedError)) throw error;
  });
  return done.length;
};

/** The kinds a scoring job carries out: all but the escalation, which is the SLA's. */
export const SCORER_EFFECTS: readonly Effect['kind'][] = ['assign', 'notify', 'notify_rep', 'tell_moved', 'release', 'outcome', 'webhook'];

/** The effects that need nothing but the store: a rep's freed place, a cycle's outcome record. */
const STORE_EFFECTS: readonly Effect['kind'][] = ['release', 'outcome'];

const carryOutStored = async (store: Store, { lead, lifecycle, score, activity }: Pick<Qualified, 'lead' | 'lifecycle' | 'activity'> & Pick<StoredLead, 'score'>, effect: Effect): Promise<void> => {
  if (effect.kind === 'outcome') await recordOutcome(store, { lead, lifecycle, score, ...(activity ? { activity } : {}) }, effect.cycle);
  if (effect.kind !== 'release') return;
  const assignment = roundOf(lifecycle, effect);
  if (assignment) await releaseRound(store, assignment, lead.leadId);
};

/**
 * Carries out what a lead's decision owes that needs nothing but the store (the admin API's
 * feedback): freed places, outcome records, and, given `webhooks`, its webhook deliveries.
 */
export const carryOutStoreEffects = async (
  store: Store,
  found: Pick<StoredLead, 'lead' | 'score'>,
  held: Saved,
  webhooks?: Omit<WebhookOutboxDependencies, 'store'> & { playbook: Playbook },
): Promise<void> => {
  let current = held;
  const score = found.score;
  const reasons = once(() => (webhooks && score ? reasonsOf(webhooks.playbook, answersOf(found.lead), score) : undefined));
  for (const effect of owedEffects(held.lifecycle)) {
    if (effect.kind === 'webhook' && webhooks) await carryOutWebhook({ ...webhooks, store }, { lead: found.lead, reasons: reasons() }, effect);
    else if (STORE_EFFECTS.includes(effect.kind)) await carryOutStored(store, { ...found, lifecycle: current.lifecycle }, effect);
    else continue;
    const saved = await settled(store, found.lead.leadId, current, effect);
    if (!saved) return;
    current = saved;
  }
};
