import { ADMIN, advance, currentAssignment, playbookOf, storedStep, type Actor, type AttemptChannel, type Decision, type Lifecycle } from '../core/index.js';
import { carryOutStoreEffects } from './carry-out.js';
import type { AppDependencies } from './dependencies.js';
import { findDocument, loadDocument } from './documents.js';
import { FollowUpRequiredError, InvalidRequestError, MovedAwayError, NotFoundError, StateConflictError } from './errors.js';
import { resolveLead } from './leads.js';
import { logger } from './logger.js';
import { retryOnConflict } from './retry.js';

export interface Feedback {
  decision: Decision;
  reason?: string | undefined;
  /** An attempt's channel and note. */
  channel?: AttemptChannel | undefined;
  note?: string | undefined;
  /** The cycle a notification's link was sent for. */
  cycle?: number | undefined;
  /** The rep a notification's link was sent to: it decides only while that rep has the lead. */
  linkRep?: string | undefined;
  /** Who acts: a rep's id, or `admin` when the admin token does without naming one. */
  by?: Actor | undefined;
}

/** A rep's name from the lead's team, for a message a person reads. */
const repName = async (deps: Pick<AppDependencies, 'store'>, teamId: string, repId: string): Promise<string> => {
  const team = await findDocument(deps.store, 'team', teamId);
  return team?.document.reps.find((rep) => rep.id === repId)?.name ?? repId;
};

/**
 * Sales' answer to a lead: accept (SAL), reject with a reason (nurture), convert (SQL), or log
 * a contact attempt (the stage stays). Then frees the rep's place when the lead left MQL and SAL.
 */
export const giveFeedback = async (deps: Pick<AppDependencies, 'store' | 'now' | 'webhookQueue'>, leadId: string, feedback: Feedback): Promise<{ leadId: string; lifecycle: Lifecycle }> => {
  const saved = await retryOnConflict(async () => {
    const found = await resolveLead(deps.store, leadId);
    if (!found) throw new NotFoundError(`no lead ${leadId}`);
    const lifecycle = found.lifecycle;
    if (!lifecycle) throw new StateConflictError('this lead was never sent to sales');
    // A link from an earlier qualification must not decide the current one.
    if (feedback.cycle !== undefined && feedback.cycle !== lifecycle.cycle) {
      throw new StateConflictError(`this link is for qualification cycle ${feedback.cycle}; the lead is now in cycle ${lifecycle.cycle}`);
    }
    // Nor a link of a rep the lead has moved away from.
    const current = currentAssignment(lifecycle);
    if (feedback.linkRep !== undefined && current?.rep !== feedback.linkRep) {
      const now = current?.rep ? `${await repName(deps, current.team, current.rep)} has it now` : 'it waits for a rep in its pool';
      throw new MovedAwayError(`this lead was moved away from you when the response time passed: ${now}`);
    }
    const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(found.lead));
    // The lifecycle trims the reason and refuses an empty one.
    const step = advance(
      lifecycle,
      {
        kind: 'feedback',
        decision: feedback.decision,
        ...(feedback.reason === undefined ? {} : { reason: feedback.reason }),
        ...(feedback.channel === undefined ? {} : { channel: feedback.channel }),
        ...(feedback.note === undefined ? {} : { note: feedback.note }),
        by: feedback.by ?? feedback.linkRep ?? ADMIN,
        now: deps.now(),
      },
      playbook,
    );
    if (!step.ok) {
      const path = feedback.decision === 'attempt' ? 'channel' : 'reason';
      if (step.code === 'invalid') throw new InvalidRequestError(step.message, [{ path, message: step.message }]);
      if (step.code === 'follow_up_required') throw new FollowUpRequiredError(step.message);
      throw new StateConflictError(step.message);
    }
    const next = storedStep(lifecycle, step);
    await deps.store.saveQualification(found.lead.leadId, { lifecycle: next }, found.lifecycleVersion);
    return { found, playbook, lifecycle: next, lifecycleVersion: (found.lifecycleVersion ?? 0) + 1 };
  });
  const { found, playbook, lifecycle, lifecycleVersion } = saved;
  if (lifecycle.outbox?.some((effect) => effect.kind === 'release' || effect.kind === 'outcome' || effect.kind === 'webhook')) {
    // The decision is stored and owes these: a failure here leaves them owed, and the lead's next scoring job carries them out.
    const webhooks = { now: deps.now, playbook, ...(deps.webhookQueue ? { webhookQueue: deps.webhookQueue } : {}) };
    await carryOutStoreEffects(deps.store, found, { lifecycle, lifecycleVersion }, webhooks).catch((error: unknown) =>
      logger.warn('a rep’s open load or the cycle’s outcome record was not updated yet; the lead’s next job retries it', { leadId: found.lead.leadId, error: (error as Error).message }),
    );
  }
  return { leadId: found.lead.leadId, lifecycle };
};
