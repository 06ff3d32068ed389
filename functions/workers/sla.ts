import type { Context, ScheduledEvent } from 'aws-lambda';
import { runSla } from '../app/escalate.js';
import type { ScorerDependencies } from '../app/score-job.js';
import { logger, withCorrelation } from '../app/logger.js';

export { runSla } from '../app/escalate.js';

/** The scheduled SLA job: `runSla`, logged, and failed as a whole when an escalation failed. */
export const createSla = (deps: ScorerDependencies) => async (_event: ScheduledEvent, context: Context) => {
  logger.addContext(context);
  const totals = await withCorrelation(context.awsRequestId, () => runSla(deps));
  logger.info('SLA check done', { ...totals });
  // A failed escalation must not pass silently: fail the run so the alarm on errors fires.
  if (totals.failed) throw new Error(`${totals.failed} SLA escalations failed`);
  return totals;
};
