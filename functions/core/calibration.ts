import { scoreFit } from './fit.js';
import type { Answer } from './lead.js';
import type { Outcome, OutcomeRecord } from './outcome.js';
import { Owner, bandsOf, gradesOf, type Criterion, type Playbook } from './playbook.js';
import { once } from './once.js';
import { routeOwner } from './score.js';
import * as z from './zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

/*
 * SPEC "Closed loop": what sales made of the MQLs a playbook sent it, cut by what the playbook
 * looked at, so a marketer sees which answers and behaviours lead to sales conversations.
 */

const count = /* @__PURE__ */ once(() => z.int().check(z.nonnegative()));
const rate = /* @__PURE__ */ once(() => z.nullable(z.number().check(z.gte(0), z.lte(1))));

const calibrationFigures = /* @__PURE__ */ once(() => z.object({
  mqls: z.meta(count(), { description: 'Cycles that reached MQL in the period.' }),
  converted: z.meta(count(), { description: 'Reached SQL.' }),
  accepted: z.meta(count(), { description: 'Accepted by sales (SAL), not yet SQL.' }),
  returned: z.meta(count(), { description: 'Returned to nurture by sales.' }),
  open: z.meta(count(), { description: 'Not decided yet: left out of every rate.' }),
  decided: z.meta(count(), { description: 'converted + accepted + returned: the denominator of every rate.' }),
  acceptRate: z.meta(rate(), { description: '(accepted + converted) ÷ decided, to 3 decimals; null when none is decided.' }),
  sqlRate: z.meta(rate(), { description: 'converted ÷ decided, to 3 decimals; null when none is decided.' }),
}));

const lifted = /* @__PURE__ */ once(() => z.extend(calibrationFigures(), {
  lift: z.meta(z.nullable(z.number().check(z.nonnegative())), {
    description: "The group's SQL rate ÷ the baseline's, to 3 decimals; null when either is undefined or the baseline's is 0.",
  }),
}));

const calibrationCell = /* @__PURE__ */ once(() => z.extend(lifted(), {
  grade: z.string(),
  band: z.string(),
  owner: z.meta(Owner, { description: "Who the playbook's grid gives this cell to today." }),
}));

const criterionValueCalibration = /* @__PURE__ */ once(() => z.extend(lifted(), {
  criterion: z.meta(z.string(), { description: "The criterion's id." }),
  label: z.meta(z.string(), { description: "The criterion's label, else its id: what a marketer reads." }),
  field: z.string(),
  value: z.meta(z.nullable(z.string()), {
    description: 'The answer (each option of a multiselect on its own), a range as "≥ min" or "< lowest min", or null for leads that left it unanswered.',
  }),
}));

const eventCalibration = /* @__PURE__ */ once(() => z.extend(lifted(), { type: z.string() }));

const returnReasons = /* @__PURE__ */ once(() => z.object({
  grade: z.string(),
  returned: count(),
  reasons: z.array(z.object({ reason: z.string(), count: count() })),
}));

export const calibrationReportSchema = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      playbook: z.meta(z.string(), { description: 'The playbook whose cycles are counted and whose criteria cut them.' }),
      from: z.iso.datetime(),
      to: z.iso.datetime(),
      baseline: calibrationFigures(),
      cells: z.meta(z.array(calibrationCell()), {
        description: 'Grade × band as recorded at qualification, every cell of the grid, best grade and hottest band first.',
      }),
      criteria: z.meta(z.array(criterionValueCalibration()), { description: 'Per criterion and answer value, highest lift first (null lifts last).' }),
      events: z.meta(z.array(eventCalibration()), { description: 'Per event type the lead had when it qualified, highest lift first (null lifts last).' }),
      returnReasons: z.meta(z.array(returnReasons()), { description: 'Why sales returned MQLs, per grade recorded at qualification.' }),
    }),
    {
      description:
        'Over the cycles that reached MQL under the playbook in the period: outcomes, accept and SQL rates over decided cycles, and lift over the baseline, by grade × band, criterion value and event type.',
    },
  ));

export const CalibrationReportSchema = /* @__PURE__ */ calibrationReportSchema();

export type CalibrationFigures = z.output<ReturnType<typeof calibrationFigures>>;
export type CalibrationCell = z.output<ReturnType<typeof calibrationCell>>;
export type CriterionValueCalibration = z.output<ReturnType<typeof criterionValueCalibration>>;
export type EventCalibration = z.output<ReturnType<typeof eventCalibration>>;
export type CalibrationReport = z.output<typeof CalibrationReportSchema>;

type Tally = Record<Outcome, number>;

const emptyTally = (): Tally => ({ converted: 0, accepted: 0, returned: 0, open: 0 });

/** Rates are read by people beside each other: three decimals tell 0.125 from 0.130 and no more. */
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : round3(part / whole));

const decidedIn = (tally: Tally): number => tally.converted + tally.accepted + tally.returned;

const figuresOf = (tally: Tally): CalibrationFigures => {
  const decided = decidedIn(tally);
  return {
    mqls: decided + tally.open,
    ...tally,
    decided,
    acceptRate: ratio(tally.accepted + tally.converted, decided),
    sqlRate: ratio(tally.converted, decided),
  };
};

/** Lift from the unrounded rates: rounding both first would distort small ones. */
const liftedOf = (tally: Tally, baseline: Tally): CalibrationFigures & { lift: number | null } => {
  const decided = decidedIn(tally);
  const baselineDecided = decidedIn(baseline);
  const lift = decided === 0 || baseline.converted === 0 ? null : round3(tally.converted / decided / (baseline.converted / baselineDecided));
  return { ...figuresOf(tally), lift };
};

/** A tally in `groups` under `key`, made on first use. */
const tallyIn = <K>(groups: Map<K, Tally>, key: K): Tally => {
  const found = groups.get(key);
  if (found) return found;
  const made = emptyTally();
  groups.set(key, made);
  return made;
};

/**
 * The groups an answer puts a lead in for one criterion. Ranges are bucketed as the playbook
 * buckets them (one row per budget figure would rank noise); each option of a multiselect is its
 * own value, since each is a separate signal the lead gave.
 */
const valuesOf = (criterion: Criterion, answer: Answer | null): (string | null)[] => {
  if (answer === null) return [null];
  if ('ranges' in criterion) {
    // Read as fit.ts reads it, so the bucket is the one that earned the points.
    const number = typeof answer === 'number' ? answer : Number(answer);
    if (!Number.isFinite(number)) return [String(answer)];
    const reached = criterion.ranges.find((range) => number >= range.min);
    const lowest = criterion.ranges.at(-1)?.min;
    return [reached ? `≥ ${reached.min}` : `< ${lowest}`];
  }
  if (Array.isArray(answer)) return [...new Set(answer)];
  return [String(answer)];
};

/** Highest lift first, an undefined lift last: a ranked table reads top-down. */
const byLift = (a: { lift: number | null; mqls: number }, b: { lift: number | null; mqls: number }): number =>
  (b.lift ?? -1) - (a.lift ?? -1) || b.mqls - a.mqls;

/** Values in a steady order whatever the records' order, unanswered last; the sort by lift keeps it among equals. */
const inValueOrder = (groups: Map<string | null, Tally>): [string | null, Tally][] => {
  const answered = [...groups].filter((entry): entry is [string, Tally] => entry[0] !== null).sort(([a], [b]) => a.localeCompare(b));
  const unanswered = groups.get(null);
  return unanswered ? [...answered, [null, unanswered]] : answered;
};

/** The playbook's own order, then any value only older records carry. */
const inOrder = (listed: readonly string[], seen: Iterable<string>): string[] => [...new Set([...listed, ...seen])];

const NO_REASON = '(none)';

/**
 * The calibration report over `records`: the cycles that reached MQL under `playbook` (any of its
 * versions) with `qualifiedAt` in `period` (both ends inclusive). Grade and band are those recorded
 * at qualification; criteria are `playbook`'s, applied to the answers the lead had then.
 */
export const calibrationReport = (records: readonly OutcomeRecord[], playbook: Playbook, period: { from: Date; to: Date }): CalibrationReport => {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const counted = records.filter((record) => {
    const at = Date.parse(record.qualifiedAt);
    return record.playbookId === playbook.id && at >= from && at <= to;
  });

  const baseline = emptyTally();
  const cells = new Map<string, Map<string, Tally>>();
  const criteria = playbook.fit.criteria.map((criterion) => ({ criterion, groups: new Map<string | null, Tally>() }));
  const events = new Map<string, Tally>();
  const reasons = new Map<string, Map<string, number>>();

  for (const record of counted) {
    const { outcome } = record;
    baseline[outcome] += 1;
    const row = cells.get(record.grade) ?? new Map<string, Tally>();
    cells.set(record.grade, row);
    tallyIn(row, record.band)[outcome] += 1;
    const { breakdown } = scoreFit(playbook, record.answers);
    // scoreFit answers one reason per criterion, in the playbook's order.
    breakdown.forEach((reason, index) => {
      const { criterion, groups } = criteria[index] as (typeof criteria)[number];
      for (const value of valuesOf(criterion, reason.answer)) tallyIn(groups, value)[outcome] += 1;
    });
    // A lead with ten page views had page views once: the question is whether the behaviour predicts, not how often.
    for (const type of new Set(record.events.map((event) => event.type))) tallyIn(events, type)[outcome] += 1;
    if (outcome === 'returned') {
      const byReason = reasons.get(record.grade) ?? new Map<string, number>();
      reasons.set(record.grade, byReason);
      const reason = record.reason ?? NO_REASON;
      byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    }
  }

  const grades = inOrder(gradesOf(playbook.fit.grades), cells.keys());
  const bands = inOrder(bandsOf(playbook.interest.bands), [...cells.values()].flatMap((row) => [...row.keys()]));
  return {
    playbook: playbook.id,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    baseline: figuresOf(baseline),
    cells: grades.flatMap((grade) =>
      bands.map((band) => ({ grade, band, owner: routeOwner(playbook, grade, band), ...liftedOf(cells.get(grade)?.get(band) ?? emptyTally(), baseline) })),
    ),
    criteria: criteria
      .flatMap(({ criterion, groups }) =>
        inValueOrder(groups).map(([value, tally]) => ({
          criterion: criterion.id,
          label: criterion.label ?? criterion.id,
          field: criterion.field,
          value,
          ...liftedOf(tally, baseline),
        })),
      )
      .sort(byLift),
    events: [...events]
      .map(([type, tally]) => ({ type, ...liftedOf(tally, baseline) }))
      .sort((a, b) => byLift(a, b) || a.type.localeCompare(b.type)),
    returnReasons: inOrder(gradesOf(playbook.fit.grades), reasons.keys()).map((grade) => {
      const byReason = [...(reasons.get(grade) ?? [])].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
      return {
        grade,
        returned: byReason.reduce((sum, [, count]) => sum + count, 0),
        reasons: byReason.map(([reason, count]) => ({ reason, count })),
      };
    }),
  };
};
