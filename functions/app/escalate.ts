import { advance, playbookOf, storedStep } from '../core/index.js';
import { SCORER_EFFECTS, carryOutEffects } from './carry-out.js';
import { findDocument } from './documents.js';
import { logger } from './logger.js';
import type { NotifyDependencies } from './notify.js';
import { ConflictError } from './ports/errors.js';
import type { StoredLead } from './ports/store.js';

const PAGE = 100;

export interface SlaTotals {
  checked: number;
  escalated: number;
  /** Leads moved to the next rep of their pool after a rep missed the SLA. */
  reassigned: number;
  failed: number;
}

type Outcome = 'escalated' | 'reassigned' | undefined;

/**
 * One MQL's SLA check: escalated (once per cycle) when sales let it wait past the playbook's
 * `sla.acceptWithinHours`, the escalation stored in its outbox with the change, then sent.
 * With a team, a rep who missed it loses the lead to the next rep first. Answers what this run
 * did; a lost race leaves it to the run that won.
 */
const escalateOne = async (deps: NotifyDependencies, found: StoredLead): Promise<Outcome> => {
  const { lifecycle, score } = found;
  if (!lifecycle) return undefined;
  const playbook = await findDocument(deps.store, 'playbook', playbookOf(found.lead));
  if (!playbook) return undefined;
  const step = advance(lifecycle, { kind: 'sla', now: deps.now() }, playbook.document);
  if (!step.ok) return undefined;
  const outcome: Outcome = !step.changed ? undefined : step.effects.some((effect) => effect.kind === 'escalate') ? 'escalated' : 'reassigned';
  let current = { lifecycle, lifecycleVersion: found.lifecycleVersion ?? 0 };
  if (step.changed) {
    const next = storedStep(lifecycle, step);
    try {
      await deps.store.saveQualification(found.lead.leadId, { lifecycle: next }, found.lifecycleVersion);
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
    current = { lifecycle: next, lifecycleVersion: current.lifecycleVersion + 1 };
  }
  // Every MQL was scored when it qualified; the escalation shows those scores.
  if (!score || !current.lifecycle.qualifiedAt) {
    if (step.changed) logger.warn('an escalated MQL has no score to show; not sent', { leadId: found.lead.leadId });
    return undefined;
  }
  // Escalated before, but the send may have failed: the outbox still owes it, and the claim records make re-sending safe.
  await carryOutEffects(deps, { lead: found.lead, score, ...current }, playbook.document, { kinds: ['escalate', ...SCORER_EFFECTS] });
  return outcome;
};

/**
 * The SLA check: every MQL that sales has neither accepted nor rejected within
 * `sla.acceptWithinHours` is escalated once per cycle. A schedule runs it on AWS, a timer
 * on the local host; `now` decides, so tests move the clock instead of waiting.
 */
export const runSla = async (deps: NotifyDependencies): Promise<SlaTotals> => {
  const totals = { checked: 0, escalated: 0, reassigned: 0, failed: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.leadsInStage('MQL', PAGE, cursor);
    cursor = page.cursor;
    for (const found of page.leads) {
      totals.checked += 1;
      try {
        const outcome = await escalateOne(deps, found);
        if (outcome) totals[outcome] += 1;
      } catch (error) {
        totals.failed += 1;
        logger.error('SLA escalation failed; the next run retries it', { leadId: found.lead.leadId, error: (error as Error).message });
      }
    }
  } while (cursor);
  return totals;
};
