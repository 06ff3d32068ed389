import type { Stage, Transition } from './lifecycle.js';

/** What the funnel needs to know of a lead. */
export interface FunnelLead {
  history: readonly Transition[];
  /** When the lead was created (ISO 8601), and whether it has sent a form step: a visitor who only browsed is no lead yet. */
  createdAt?: string;
  submitted?: boolean;
  /** Where the lead came from: the form and utm_source of its first submission. */
  source?: { formId?: string; utmSource?: string };
  /** Each form step the lead sent (under its own id or an alias), oldest first: what last-touch credit reads. */
  steps?: readonly FunnelStep[];
}

export interface FunnelStep {
  formId: string;
  /** ISO 8601 */
  at: string;
}

/**
 * Which form "by form" credits with a lead: `first`, the form of its first step (it created the
 * lead); `last`, the form of its latest step before it qualified, the one that tipped it.
 */
export const ATTRIBUTIONS = ['first', 'last'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

export const FUNNEL_STAGES = ['MQL', 'SAL', 'SQL', 'nurture'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type StageCounts = Record<FunnelStage, number>;

export interface FunnelSlice extends StageCounts {
  /** Leads created in the period that sent a form step. */
  newLeads: number;
  /**
   * SAL ÷ MQL, SQL ÷ SAL, SQL ÷ MQL; and lead → MQL: of the new leads, the share that became an
   * MQL by the period's end (a cohort: a lead counts once, however often it qualified); null when
   * the denominator is 0.
   */
  conversion: { leadToMql: number | null; mqlToSal: number | null; salToSql: number | null; mqlToSql: number | null };
}

export interface Funnel extends FunnelSlice {
  from: string;
  to: string;
  /** How `byForm` credits each lead; `byUtmSource` always reads the first touch. */
  attribution: Attribution;
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

/** One lead's part in the funnel: the stages it reached in the period, and whether it is a new lead that became an MQL. */
interface Reach {
  reached: Set<FunnelStage>;
  isNew: boolean;
  newAndQualified: boolean;
}

const slice = (leads: readonly Reach[]): FunnelSlice => {
  const counts: StageCounts = { MQL: 0, SAL: 0, SQL: 0, nurture: 0 };
  let newLeads = 0;
  let newQualified = 0;
  for (const { reached, isNew, newAndQualified } of leads) {
    for (const stage of reached) counts[stage] += 1;
    if (isNew) newLeads += 1;
    if (newAndQualified) newQualified += 1;
  }
  return {
    ...counts,
    newLeads,
    conversion: {
      leadToMql: ratio(newQualified, newLeads),
      mqlToSal: ratio(counts.SAL, counts.MQL),
      salToSql: ratio(counts.SQL, counts.SAL),
      mqlToSql: ratio(counts.SQL, counts.MQL),
    },
  };
};

const groupBy = <K extends string>(entries: readonly (Reach & { key: string })[], name: K) => {
  const groups = new Map<string, Reach[]>();
  for (const entry of entries) groups.set(entry.key, [...(groups.get(entry.key) ?? []), entry]);
  return [...groups]
    .map(([key, group]) => ({ [name]: key, ...slice(group) }) as FunnelSlice & Record<K, string>)
    .sort((a, b) => b.MQL - a.MQL || b.newLeads - a.newLeads || a[name].localeCompare(b[name]));
};

/**
 * Last touch: the form of the lead's latest step at or before it qualified. A lead counts once
 * in a period, so one qualification speaks for it: its latest by the period's end (a lead that
 * qualified, went back to nurture and qualified again was tipped by the second form). A lead not
 * qualified by then is credited to its latest step by then; one that qualified before sending
 * any step (on events alone) to no form.
 */
const lastTouch = (lead: FunnelLead, to: Date): string => {
  const qualified = lead.history.filter((transition) => transition.to === 'MQL' && Date.parse(transition.at) <= to.getTime()).at(-1);
  const until = qualified ? Date.parse(qualified.at) : to.getTime();
  return (lead.steps ?? []).filter((step) => Date.parse(step.at) <= until).at(-1)?.formId ?? NO_SOURCE;
};

/**
 * Leads that reached each stage between `from` and `to` (inclusive), by history: the
 * conversion marketing reports on, and why sales sent leads back.
 */
export const funnel = (leads: readonly FunnelLead[], from: Date, to: Date, attribution: Attribution = 'first'): Funnel => {
  const reasons = new Map<string, number>();
  const within = (iso: string | undefined) => iso !== undefined && Date.parse(iso) >= from.getTime() && Date.parse(iso) <= to.getTime();
  const reachedBy = leads.flatMap((lead) => {
    const reached = new Set<FunnelStage>();
    for (const transition of lead.history) {
      if (!within(transition.at)) continue;
      for (const stage of IMPLIED[transition.to]) reached.add(stage);
      if (transition.to === 'nurture' && transition.reason) reasons.set(transition.reason, (reasons.get(transition.reason) ?? 0) + 1);
    }
    const isNew = Boolean(lead.submitted) && within(lead.createdAt);
    const newAndQualified = isNew && lead.history.some((transition) => transition.to === 'MQL' && Date.parse(transition.at) <= to.getTime());
    return reached.size || isNew ? [{ lead, reached, isNew, newAndQualified }] : [];
  });
  const by = (key: (lead: FunnelLead) => string) => reachedBy.map((entry) => ({ ...entry, key: key(entry.lead) }));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    attribution,
    ...slice(reachedBy),
    returnReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    byForm: groupBy(by((lead) => (attribution === 'last' ? lastTouch(lead, to) : (lead.source?.formId ?? NO_SOURCE))), 'formId'),
    byUtmSource: groupBy(by((lead) => lead.source?.utmSource ?? NO_SOURCE), 'utmSource'),
  };
};
