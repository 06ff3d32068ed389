import { repsOf, speed, type ResolvedRep, type SpeedLead } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { findDocument } from './documents.js';
import { periodOf, type ReportPeriod } from './reports.js';

/**
 * Each rep's and pool's speed over the assignments made between `from` and `to`. Working
 * minutes are counted in the hours the team lists now: an assignment does not record the
 * team version it was made under.
 */
export const speedReport = async (deps: Pick<AppDependencies, 'store' | 'now'>, period: ReportPeriod) => {
  const { from, to } = periodOf(period, deps.now());
  const leads: SpeedLead[] = [];
  for await (const { lifecycle } of deps.store.allLeads()) {
    if (lifecycle?.assignments?.length) leads.push(lifecycle);
  }
  const teamIds = new Set(leads.flatMap((lead) => (lead.assignments ?? []).map((assignment) => assignment.team)));
  const reps = new Map<string, ResolvedRep[]>();
  for (const teamId of teamIds) {
    // Teams are never deleted; were one missing, its reps would go nameless and their working minutes uncounted, the report still answered.
    const team = await findDocument(deps.store, 'team', teamId);
    if (team) reps.set(teamId, repsOf(team.document));
  }
  return speed(leads, reps, from, to);
};
