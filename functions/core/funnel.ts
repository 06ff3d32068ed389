import type { Stage, Transition } from './lifecycle.js';

/** What the funnel needs to know of a lead. */
export interface FunnelLead {
  history: readonly Transition[];
  /** Where the lead came from: the form and utm_source of its first submission. */
  source?: { formId?: string; utmSource?: string };
}

export const FUNNEL_STAGES = ['MQL', 'SAL', 'SQL', 'nurture'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type StageCounts = Record<FunnelStage, number>;

export interface FunnelSlice extends StageCounts {
  /** SAL ÷ MQL, SQL ÷ SAL, SQL ÷ MQL; null when the denominator is 0. */
  conversion: { mqlToSal: number | null; salToSql: number | null; mqlToSql: number | null };
}

export interface Funnel extends FunnelSlice {
  from: string;
  to: string;
  returnReasons: { reason: string; count: number }[];
  byForm: (FunnelSlice & { formId: string })[];
  byUtmSource: (FunnelSlice & { utmSource: string })[];
}

/** Reaching a stage implies the ones before it: a lead converted straight from MQL still counts as SAL. */
const IMPLIED: Record<Stage, readonly FunnelStage[]> = {
  lead: [],
  MQL: ['MQL'],
  SAL: ['MQL', 'SAL'],
  SQL: ['MQL', 'SAL', 'SQL'],
  nurture: ['MQL', 'nurture'],
};

export const NO_SOURCE = '(none)';

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

const slice = (leads: readonly Set<FunnelStage>[]): FunnelSlice => {
  const counts: StageCounts = { MQL: 0, SAL: 0, SQL: 0, nurture: 0 };
  for (const reached of leads) for (const stage of reached) counts[stage] += 1;
  return {
    ...counts,
    conversion: { mqlToSal: ratio(counts.SAL, counts.MQL), salToSql: ratio(counts.SQL, counts.SAL), mqlToSql: ratio(counts.SQL, counts.MQL) },
  };
};

const groupBy = <K extends string>(entries: readonly { key: string; reached: Set<FunnelStage> }[], name: K) => {
  const groups = new Map<string, Set<FunnelStage>[]>();
  for (const { key, reached } of entries) groups.set(key, [...(groups.get(key) ?? []), reached]);
  return [...groups]
    .map(([key, group]) => ({ [name]: key, ...slice(group) }) as FunnelSlice & Record<K, string>)
    .sort((a, b) => b.MQL - a.MQL || a[name].localeCompare(b[name]));
};

/**
 * Leads that reached each stage between `from` and `to` (inclusive), by history: the
 * conversion marketing reports on, and why sales sent leads back.
 */
export const funnel = (leads: readonly FunnelLead[], from: Date, to: Date): Funnel => {
  const reasons = new Map<string, number>();
  const reachedBy = leads.flatMap((lead) => {
    const reached = new Set<FunnelStage>();
    for (const transition of lead.history) {
      const at = Date.parse(transition.at);
      if (at < from.getTime() || at > to.getTime()) continue;
      for (const stage of IMPLIED[transition.to]) reached.add(stage);
      if (transition.to === 'nurture' && transition.reason) reasons.set(transition.reason, (reasons.get(transition.reason) ?? 0) + 1);
    }
    return reached.size ? [{ lead, reached }] : [];
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...slice(reachedBy.map((r) => r.reached)),
    returnReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    byForm: groupBy(reachedBy.map((r) => ({ key: r.lead.source?.formId ?? NO_SOURCE, reached: r.reached })), 'formId'),
    byUtmSource: groupBy(reachedBy.map((r) => ({ key: r.lead.source?.utmSource ?? NO_SOURCE, reached: r.reached })), 'utmSource'),
  };
};
