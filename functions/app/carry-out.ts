import { HOUR_MS, owedEffects, settle, type Effect, type Lifecycle, type Playbook } from '../core/index.js';
import { resolveLead } from './leads.js';
import { notifyEscalation, notifyQualified, type NotifyDependencies } from './notify.js';
import type { StoredLead } from './ports/store.js';
import { retryOnConflict } from './retry.js';

/** A lead as its last qualification write left it: what carrying out its effects starts from. */
export interface Qualified {
  lead: StoredLead['lead'];
  lifecycle: Lifecycle;
  lifecycleVersion: number;
  score: NonNullable<StoredLead['score']>;
}

/** Takes an effect out of the lead's outbox once it is carried out, unless a racing writer did. */
const settleOn = (deps: NotifyDependencies, leadId: string, effect: Effect, first: Qualified) =>
  retryOnConflict(async (attempt) => {
    let { lifecycle, lifecycleVersion } = first;
    if (attempt > 1) {
      const reloaded = await resolveLead(deps.store, leadId);
      if (!reloaded?.lifecycle) return;
      ({ lifecycle } = reloaded);
      lifecycleVersion = reloaded.lifecycleVersion ?? 0;
    }
    if (!owedEffects(lifecycle).some((owed) => owed.kind === effect.kind && owed.cycle === effect.cycle)) return;
    await deps.store.saveQualification(leadId, { lifecycle: settle(lifecycle, effect) }, lifecycleVersion);
  });

const carryOne = (deps: NotifyDependencies, { lead, lifecycle, score }: Qualified, effect: Effect, playbook: Playbook, formTitle?: string): Promise<void> => {
  const about = { lead, playbook, fit: score.fit, interest: score.interest, cycle: effect.cycle, handRaiser: lifecycle.handRaiser };
  if (effect.kind === 'notify') return notifyQualified(deps, { ...about, ...(formTitle ? { formTitle } : {}) });
  const waited = deps.now().getTime() - Date.parse(lifecycle.qualifiedAt ?? deps.now().toISOString());
  return notifyEscalation(deps, { ...about, hoursWaiting: Math.floor(waited / HOUR_MS) });
};

/**
 * Carries out the effects of `kinds` the lead's lifecycle still owes, oldest first, each
 * exactly once (the notification claims make a repeat a no-op), and settles each in the
 * outbox. A send that fails throws and leaves its effect owed, so the retry carries it out.
 */
export const carryOutEffects = async (
  deps: NotifyDependencies,
  qualified: Qualified,
  playbook: Playbook,
  { kinds, formTitle }: { kinds: readonly Effect['kind'][]; formTitle?: string | undefined },
): Promise<number> => {
  let done = 0;
  for (const effect of owedEffects(qualified.lifecycle).filter((owed) => kinds.includes(owed.kind))) {
    await carryOne(deps, qualified, effect, playbook, formTitle);
    await settleOn(deps, qualified.lead.leadId, effect, qualified);
    done += 1;
  }
  return done;
};
