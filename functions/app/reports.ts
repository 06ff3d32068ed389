import { DAY_MS, funnel, type Attribution, type FunnelLead } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError } from './errors.js';

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

export interface FunnelOptions extends ReportPeriod {
  attribution?: Attribution | undefined;
}

/**
 * The funnel between `from` and `to` (a day's date covers the whole day; by default the last 30
 * days), "by form" crediting each lead's first touch unless `attribution` is `last`.
 */
export const funnelReport = async (deps: Pick<AppDependencies, 'store' | 'now'>, { attribution = 'first', ...period }: FunnelOptions) => {
  const { from, to } = periodOf(period, deps.now());
  const leads: FunnelLead[] = [];
  for await (const { lead, lifecycle } of deps.store.allLeads()) {
    const submitted = lead.submissionIds.length > 0;
    if (!lifecycle?.history.length && !submitted) continue;
    // Last touch needs each step's form and time, which only the lead's activity holds: read
    // (one query per id, its aliases' included) only when asked for, so first touch stays one scan.
    const steps =
      attribution === 'last' ? (await deps.store.activity([lead.leadId, ...lead.mergedFrom])).submissions.map(({ formId, at }) => ({ formId, at })) : undefined;
    leads.push({ history: lifecycle?.history ?? [], createdAt: lead.createdAt, submitted, ...(lead.source ? { source: lead.source } : {}), ...(steps ? { steps } : {}) });
  }
  return funnel(leads, from, to, attribution);
};
