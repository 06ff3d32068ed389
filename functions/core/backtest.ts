import { RESERVED_KEYS, parseWith, type Issue, type Parsed } from './issues.js';
import type { Answer } from './lead.js';
import { OUTCOMES, type Outcome, type OutcomeRecord } from './outcome.js';
import { PlaybookSchema, type Owner, type Playbook } from './playbook.js';
import { scoreLead } from './score.js';
import * as z from './zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

/*
 * SPEC "Closed loop": a candidate playbook re-scores every recorded MQL cycle as of the moment it
 * qualified. The core is a pure function of answers, events and time, so the candidate's verdict
 * is exactly what it would have said then: nothing is sampled and nothing is written.
 */

const Instant = /* @__PURE__ */ (() => z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }))();

const AnswerValue: z.ZodType<Answer> = /* @__PURE__ */ (() => z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))();

/** One cycle as the outcomes route answers it and `winnow backtest --outcomes` reads it, a JSON line each. */
export const OutcomeRecordSchema = /* @__PURE__ */ (() => z.object({
  leadId: z.string().check(z.minLength(1)),
  cycle: z.int().check(z.positive()),
  qualifiedAt: Instant,
  outcome: z.enum(OUTCOMES),
  reason: z.optional(z.string()),
  decidedAt: z.optional(Instant),
  handRaiser: z.boolean(),
  playbookId: z.string().check(z.minLength(1)),
  playbookVersion: z.int().check(z.nonnegative()),
  grade: z.string().check(z.minLength(1)),
  band: z.string().check(z.minLength(1)),
  fitPoints: z.number(),
  interestScore: z.number(),
  answers: z.record(z.string(), AnswerValue),
  events: z.array(z.object({ type: z.string().check(z.minLength(1)), at: Instant })),
  formId: z.optional(z.string()),
  utmSource: z.optional(z.string()),
}) satisfies z.ZodType<OutcomeRecord>)();

export type OutcomeTally = Record<Outcome, number>;

/** What one playbook makes of the recorded cycles. Every figure counts cycles: a lead that qualified twice was two MQLs to sales. */
export interface BacktestFigures {
  /** Cycles it makes MQLs. */
  mqls: number;
  /** Those MQLs by what sales actually made of them. */
  byOutcome: OutcomeTally;
  /** (accepted + converted) ÷ decided among its MQLs, open ones aside; null when it makes no decided MQL. */
  precision: number | null;
  /** Converted cycles it still makes MQLs ÷ every converted cycle; null when none converted. */
  recall: number | null;
}

/** One cycle, recorded and re-scored. */
export interface CycleVerdict {
  leadId: string;
  cycle: number;
  qualifiedAt: string;
  outcome: Outcome;
  reason?: string;
  handRaiser: boolean;
  /** What the playbook in force recorded: the cycle reached MQL under it. */
  inForce: { grade: string; band: string; mql: boolean };
  /** What the candidate makes of the same answers and events at `qualifiedAt`. */
  candidate: { grade: string; band: string; fitPoints: number; interestScore: number; owner: Owner; mql: boolean };
  /** The MQL verdicts differ: sales would not have seen it, or would have seen it where it did not. */
  changed: boolean;
}

export interface OwnerChanges {
  cycles: number;
  byOutcome: OutcomeTally;
}

export interface Backtest {
  cycles: number;
  inForce: BacktestFigures;
  candidate: BacktestFigures;
  ownerChanges: OwnerChanges;
  verdicts: CycleVerdict[];
}

const emptyTally = (): OutcomeTally => ({ converted: 0, accepted: 0, returned: 0, open: 0 });

/** Figures are compared side by side: three decimals, as the calibration report rounds them. */
const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

const figuresOf = (verdicts: readonly CycleVerdict[], isMql: (verdict: CycleVerdict) => boolean): BacktestFigures => {
  const byOutcome = emptyTally();
  for (const verdict of verdicts) if (isMql(verdict)) byOutcome[verdict.outcome] += 1;
  const decided = byOutcome.converted + byOutcome.accepted + byOutcome.returned;
  const converted = verdicts.filter((verdict) => verdict.outcome === 'converted').length;
  return {
    mqls: decided + byOutcome.open,
    byOutcome,
    precision: ratio(byOutcome.converted + byOutcome.accepted, decided),
    recall: ratio(byOutcome.converted, converted),
  };
};

const verdictOf = (record: OutcomeRecord, candidate: Playbook): CycleVerdict => {
  const { fit, interest, owner } = scoreLead(candidate, { answers: record.answers, events: record.events }, new Date(record.qualifiedAt));
  // SPEC "Stages": a hand-raiser goes to sales whatever its scores, under any playbook.
  const mql = record.handRaiser || owner === 'sales';
  // Every record is a cycle that reached MQL under the playbook then in force.
  const inForce = { grade: record.grade, band: record.band, mql: true };
  return {
    leadId: record.leadId,
    cycle: record.cycle,
    qualifiedAt: record.qualifiedAt,
    outcome: record.outcome,
    ...(record.reason === undefined ? {} : { reason: record.reason }),
    handRaiser: record.handRaiser,
    inForce,
    candidate: { grade: fit.grade, band: interest.band, fitPoints: fit.points, interestScore: interest.score, owner, mql },
    changed: mql !== inForce.mql,
  };
};

/**
 * `candidate` beside the playbook in force over the recorded cycles. Only cycles that reached MQL
 * are recorded, so a candidate can be seen to drop MQLs here, never to add them.
 */
export const backtest = (records: readonly OutcomeRecord[], candidate: Playbook): Backtest => {
  const verdicts = records.map((record) => verdictOf(record, candidate));
  const changed = verdicts.filter((verdict) => verdict.changed);
  const byOutcome = emptyTally();
  for (const verdict of changed) byOutcome[verdict.outcome] += 1;
  return {
    cycles: verdicts.length,
    inForce: figuresOf(verdicts, (verdict) => verdict.inForce.mql),
    candidate: figuresOf(verdicts, (verdict) => verdict.candidate.mql),
    ownerChanges: { cycles: changed.length, byOutcome },
    verdicts,
  };
};

/** More values than anyone reads in a table, and a guard against a step typed as 0.0001. */
export const MAX_SWEEP_VALUES = 1000;

export interface SweepRange {
  from: number;
  to: number;
  step: number;
}

export interface Sweep extends SweepRange {
  /** Dot-separated, array indexes as numbers: `fit.grades.A`, `fit.criteria.3.ranges.0.min`. */
  path: string;
}

/** Digits after the point as the number prints; an exponent form (1e-7) gets the most a float holds sensibly. */
const decimalsOf = (n: number): number => {
  const text = String(n);
  if (text.includes('e')) return 10;
  return text.split('.')[1]?.length ?? 0;
};

/** How many values a range holds; the epsilon keeps 0.3 / 0.1 = 2.9999999999999996 from losing the last one. */
const countOf = ({ from, to, step }: SweepRange): number => Math.floor((to - from) / step + 1e-9) + 1;

const rangeIssue = (range: SweepRange): string | undefined => {
  const { from, to, step } = range;
  if (![from, to, step].every(Number.isFinite)) return 'FROM, TO and STEP must be numbers';
  if (step <= 0) return 'STEP must be more than 0';
  if (from > to) return 'FROM must not be more than TO';
  if (countOf(range) > MAX_SWEEP_VALUES) return `that is more than ${MAX_SWEEP_VALUES} values: take a larger STEP`;
  return undefined;
};

/**
 * `from`, `from + step`, … up to `to`, both ends included. Each value is `from + i·step`, not a
 * running sum, and rounded to the inputs' decimals: 0.1 + 0.2 must be 0.3 in a playbook.
 */
export const sweepValues = (range: SweepRange): number[] => {
  const issue = rangeIssue(range);
  if (issue) throw new RangeError(issue);
  const { from, to, step } = range;
  const decimals = Math.max(decimalsOf(from), decimalsOf(to), decimalsOf(step));
  return Array.from({ length: countOf(range) }, (_, i) => Number((from + i * step).toFixed(decimals)));
};

const SWEEP_FORMAT = 'must be PATH=FROM:TO:STEP, such as fit.grades.A=6:12:1';
const PATH_FORMAT = 'PATH is keys joined by dots, such as fit.grades.A';
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/** `PATH=FROM:TO:STEP` as typed on the command line. */
export const parseSweep = (text: string): Parsed<Sweep> => {
  const match = /^([^=]+)=([^:]+):([^:]+):([^:]+)$/.exec(text.trim());
  if (!match) return { ok: false, issues: [{ path: '', message: SWEEP_FORMAT }] };
  const [, path = '', ...numbers] = match;
  // Number('') and Number(' ') are 0: only text that reads as a number is one.
  const [from, to, step] = numbers.map((part) => (NUMBER.test(part) ? Number(part) : Number.NaN)) as [number, number, number];
  const issue = path.split('.').includes('') ? PATH_FORMAT : rangeIssue({ from, to, step });
  return issue ? { ok: false, issues: [{ path: '', message: issue }] } : { ok: true, value: { path, from, to, step } };
};

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

const hasKey = (container: Record<string, unknown> | unknown[], key: string): boolean =>
  Array.isArray(container) ? /^\d+$/.test(key) && Number(key) < container.length : Object.hasOwn(container, key);

/**
 * A copy of `json` with `path` set to `value`. Every step but the last must exist (a typo should
 * say so, not grow a branch the schema then calls unknown); the last key of an object may be new,
 * as a cap or a grade not yet listed would be.
 */
export const withPath = (json: unknown, path: string, value: unknown): Parsed<unknown> => {
  const keys = path.split('.');
  const refuse = (upTo: number, message: string): Parsed<unknown> => ({ ok: false, issues: [{ path: keys.slice(0, upTo).join('.'), message }] });
  if (keys.includes('')) return refuse(0, PATH_FORMAT);
  // A key such as __proto__ would set the copy's prototype rather than a property.
  const reserved = keys.findIndex((key) => RESERVED_KEYS.includes(key));
  if (reserved !== -1) return refuse(reserved + 1, 'is a reserved name');
  const copy: unknown = structuredClone(json);
  const last = keys.length - 1;
  let parent: unknown = copy;
  for (const [index, key] of keys.slice(0, last).entries()) {
    if (!isContainer(parent) || !hasKey(parent, key)) return refuse(index + 1, 'is not in the playbook');
    parent = (parent as Record<string, unknown>)[key];
  }
  const key = keys[last] as string;
  if (!isContainer(parent) || (Array.isArray(parent) && !hasKey(parent, key))) return refuse(keys.length, 'is not in the playbook');
  (parent as Record<string, unknown>)[key] = value;
  return { ok: true, value: copy };
};

export type SweepRow =
  | { value: number; ok: true; candidate: BacktestFigures; ownerChanges: OwnerChanges }
  | { value: number; ok: false; issues: Issue[] };

/**
 * The backtest's figures for `base` (a playbook as written, unparsed) with `path` set to each
 * value from `from` to `to`. A value that makes the playbook invalid is a row with its issues:
 * where a sweep crosses a rule (grades must fall) is itself worth seeing.
 */
export const sweep = (records: readonly OutcomeRecord[], base: unknown, path: string, from: number, to: number, step: number): SweepRow[] =>
  sweepValues({ from, to, step }).map((value): SweepRow => {
    const json = withPath(base, path, value);
    const playbook = json.ok ? parseWith(PlaybookSchema, json.value) : json;
    if (!playbook.ok) return { value, ok: false, issues: playbook.issues };
    const { candidate, ownerChanges } = backtest(records, playbook.value);
    return { value, ok: true, candidate, ownerChanges };
  });
