import { DAY_MS, currentAssignment, emailOf, funnel, newLifecycle, ownerOf, type FunnelLead, type Stage } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError } from './errors.js';
import { InvalidCursorError } from './ports/errors.js';
import type { StoredLead } from './ports/store.js';

/** What a list shows of a lead: enough to pick the next one to call. */
const summary = ({ lead, score, lifecycle = newLifecycle() }: StoredLead) => {
  const assignment = currentAssignment(lifecycle);
  return {
  leadId: lead.leadId,
  email: emailOf(lead.answers) ?? null,
  stage: lifecycle.stage,
  owner: ownerOf(lifecycle.stage),
  handRaiser: lifecycle.handRaiser,
  cycle: lifecycle.cycle,
  qualifiedAt: lifecycle.qualifiedAt ?? null,
  fit: score ? { points: score.fit.points, grade: score.fit.grade } : null,
  interest: score ? { score: score.interest.score, band: score.interest.band } : null,
  scoredAt: score?.scoredAt ?? null,
  rep: assignment?.rep ?? null,
  pool: assignment?.pool ?? null,
  dueAt: assignment?.rep && !assignment.touchedAt && lifecycle.stage === 'MQL' ? (assignment.dueAt ?? null) : null,
  };
};

/** Which assigned leads a list keeps: a rep's (`none`: nobody's), a pool's. */
export interface LeadFilter {
  rep?: string | undefined;
  pool?: string | undefined;
}

const matches = ({ rep, pool }: LeadFilter) =>
  rep === undefined && pool === undefined
    ? undefined
    : ({ lifecycle }: StoredLead) => {
        const assignment = lifecycle ? currentAssignment(lifecycle) : undefined;
        return (rep === undefined || (rep === 'none' ? !assignment?.rep : assignment?.rep === rep)) && (pool === undefined || assignment?.pool === pool);
      };

/** Leads in a stage, hottest first, a page at a time; a cursor only while more remain. */
export const listLeads = async (deps: Pick<AppDependencies, 'store'>, stage: Stage, limit: number, cursor?: string, filter: LeadFilter = {}) => {
  const page = await deps.store.leadsInStage(stage, limit, cursor, matches(filter)).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) throw new InvalidRequestError('the cursor is not valid', [{ path: 'cursor', message: error.message }], { cause: error });
    throw error;
  });
  return { leads: page.leads.map(summary), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

export interface ReportPeriod {
  from?: string | undefined;
  to?: string | undefined;
}

/** SPEC: report bounds are inclusive and a date covers its whole UTC day; by default the last 30 days. */
export const periodOf = (period: ReportPeriod, now: Date): { from: Date; to: Date } => {
  const to = period.to ? new Date(period.to.length === 10 ? `${period.to}T23:59:59.999Z` : period.to) : now;
  const from = period.from ? new Date(period.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from > to) throw new InvalidRequestError('from must not be after to', [{ path: 'from', message: 'must not be after to' }]);
  return { from, to };
};

/** The funnel between `from` and `to` (a day's date covers the whole day; by default the last 30 days). */
export const funnelReport = async (deps: Pick<AppDependencies, 'store' | 'now'>, period: ReportPeriod) => {
  const { from, to } = periodOf(period, deps.now());
  const leads: FunnelLead[] = [];
  for await (const { lead, lifecycle } of deps.store.allLeads()) {
    const submitted = lead.submissionIds.length > 0;
    if (lifecycle?.history.length || submitted) leads.push({ history: lifecycle?.history ?? [], createdAt: lead.createdAt, submitted, ...(lead.source ? { source: lead.source } : {}) });
  }
  return funnel(leads, from, to);
};
