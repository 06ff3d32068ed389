import type { Context, ScheduledEvent } from 'aws-lambda';
import { HOUR_MS, advance, playbookOf, type Lifecycle } from '../core/index.js';
import { findDocument } from '../app/documents.js';
import { ConflictError } from '../app/ports/errors.js';
import { logger } from '../adapters/logger.js';
import type { StoredLead } from '../app/ports/store.js';
import { notifyEscalation, type NotifyDependencies } from './notify.js';
import type { ScorerDependencies } from './scorer.js';

const PAGE = 100;

/** Marks the cycle escalated unless another run did; answers the lifecycle as stored. */
const markEscalated = async (deps: NotifyDependencies, found: StoredLead, lifecycle: Lifecycle): Promise<Lifecycle | undefined> => {
  try {
    await deps.store.saveQualification(found.lead.leadId, { lifecycle }, found.lifecycleVersion);
    return lifecycle;
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
};

/**
 * The SLA check: every MQL that sales has neither accepted nor rejected within
 * `sla.acceptWithinHours` is escalated once per cycle. A schedule runs it on AWS, a timer
 * on the local host; `now` decides, so tests move the clock instead of waiting.
 */
export const runSla = async (deps: NotifyDependencies): Promise<{ checked: number; escalated: number; failed: number }> => {
  const totals = { checked: 0, escalated: 0, failed: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.leadsInStage('MQL', PAGE, cursor);
    cursor = page.cursor;
    for (const found of page.leads) {
      totals.checked += 1;
      const lifecycle = found.lifecycle;
      if (!lifecycle) continue;
      try {
        const playbook = await findDocument(deps.store, 'playbook', playbookOf(found.lead));
        if (!playbook) continue;
        const now = deps.now();
        const step = advance(lifecycle, { kind: 'sla', now }, playbook.document);
        // Escalated before, but the send may have failed: the claim record makes re-sending safe.
        const current = step.ok && step.changed ? await markEscalated(deps, found, step.lifecycle) : lifecycle;
        // Every MQL was scored when it qualified; the escalation shows those scores.
        if (current?.escalatedCycle !== current?.cycle || !current?.qualifiedAt || !found.score) continue;
        await notifyEscalation(deps, {
          lead: found.lead,
          playbook: playbook.document,
          fit: found.score.fit,
          interest: found.score.interest,
          cycle: current.cycle,
          handRaiser: current.handRaiser,
          hoursWaiting: Math.floor((now.getTime() - Date.parse(current.qualifiedAt)) / HOUR_MS),
        });
        if (step.ok && step.changed) totals.escalated += 1;
      } catch (error) {
        totals.failed += 1;
        logger.error('SLA escalation failed; the next run retries it', { leadId: found.lead.leadId, error: (error as Error).message });
      }
    }
  } while (cursor);
  return totals;
};

/** The scheduled SLA job: `runSla`, logged, and failed as a whole when an escalation failed. */
export const createSla = (deps: ScorerDependencies) => async (_event: ScheduledEvent, _context: Context) => {
  const totals = await runSla(deps);
  logger.info('SLA check done', totals);
  // A failed escalation must not pass silently: fail the run so the alarm on errors fires.
  if (totals.failed) throw new Error(`${totals.failed} SLA escalations failed`);
  return totals;
};
