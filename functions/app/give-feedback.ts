import { advance, playbookOf, type Decision, type Lifecycle } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { InvalidRequestError, NotFoundError, StateConflictError } from './errors.js';
import { resolveLead } from './leads.js';
import { retryOnConflict } from './retry.js';

/** Sales' answer to a lead: accept (SAL), reject with a reason (nurture) or convert (SQL). */
export const giveFeedback = (
  deps: Pick<AppDependencies, 'store' | 'now'>,
  leadId: string,
  feedback: { decision: Decision; reason?: string | undefined; cycle?: number },
): Promise<{ leadId: string; lifecycle: Lifecycle }> =>
  retryOnConflict(async () => {
    const found = await resolveLead(deps.store, leadId);
    if (!found) throw new NotFoundError(`no lead ${leadId}`);
    const lifecycle = found.lifecycle;
    if (!lifecycle) throw new StateConflictError('this lead was never sent to sales');
    // A link from an earlier qualification must not decide the current one.
    if (feedback.cycle !== undefined && feedback.cycle !== lifecycle.cycle) {
      throw new StateConflictError(`this link is for qualification cycle ${feedback.cycle}; the lead is now in cycle ${lifecycle.cycle}`);
    }
    const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(found.lead));
    // The lifecycle trims the reason and refuses an empty one.
    const step = advance(lifecycle, { kind: 'feedback', decision: feedback.decision, ...(feedback.reason === undefined ? {} : { reason: feedback.reason }), now: deps.now() }, playbook);
    if (!step.ok) {
      if (step.code === 'invalid') throw new InvalidRequestError(step.message, [{ path: 'reason', message: step.message }]);
      throw new StateConflictError(step.message);
    }
    await deps.store.saveQualification(found.lead.leadId, { lifecycle: step.lifecycle }, found.lifecycleVersion);
    return { leadId: found.lead.leadId, lifecycle: step.lifecycle };
  });
