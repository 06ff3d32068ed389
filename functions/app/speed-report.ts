import { DAY_MS, repsOf, speed, type ResolvedRep, type SpeedLead } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { findDocument } from './documents.js';
import { InvalidRequestError } from './errors.js';

/** SPEC: report bounds are inclusive and a date covers its whole UTC day; by default the last 30 days. */
const periodOf = (period: { from?: string | undefined; to?: string | undefined }, now: Date): { from: Date; to: Date } => {
  const to = period.to ? new Date(period.to.length === 10 ? `${period.to}T23:59:59.999Z` : period.to) : now;
  const from = period.from ? new Date(period.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from > to) throw new InvalidRequestError('from must not be after to', [{ path: 'from', message: 'must not be after to' }]);
  return { from, to };
};

/**
 * Each rep's and pool's speed over the assignments made between `from` and `to`. Working
 * minutes are counted in the hours the team lists now: an assignment does not record the
 * team version it was made under.
 */
export const speedReport = async (deps: Pick<AppDependencies, 'store' | 'now'>, period: { from?: string | undefined; to?: string | undefined }) => {
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
