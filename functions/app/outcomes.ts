import { DEFAULT_PLAYBOOK, answersAsOf, playbookOf, calibrationReport, eventsAsOf, outcomeOf, type CalibrationReport, type Lifecycle, type LeadRecord, type OutcomeRecord } from '../core/index.js';
import { loadDocument } from './documents.js';
import { countedBy, tallyItemOf } from './tally-keys.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError } from './errors.js';
import { InvalidCursorError } from './ports/errors.js';
import type { Activity, Store, StoredLead, StoredOutcome } from './ports/store.js';
import { periodOf, type ReportPeriod } from './reports.js';

/** What recording a cycle's outcome reads of its lead: the profile, the lifecycle as stored, the score that qualified it. */
export interface OutcomeSource {
  lead: LeadRecord;
  lifecycle: Lifecycle;
  score: StoredLead['score'];
  /** The lead's history as the scoring that wrote `score` read it, when it did: the snapshot reads none then. */
  activity?: Activity;
}

/**
 * Writes the record of `cycle` as its lead's history now says. The first write takes the
 * snapshot a backtest replays (answers and events as of `qualifiedAt`, the grade and band that
 * qualified it); later ones only move the outcome on. Replays and a writer late with an older
 * history change nothing: the record's revision only grows.
 */
export const recordOutcome = async (store: Pick<Store, 'getOutcome' | 'saveOutcome' | 'activity'>, source: OutcomeSource, cycle: number): Promise<void> => {
  const { lead, lifecycle } = source;
  const result = outcomeOf(lifecycle.history, cycle);
  const qualified = lifecycle.history.find((transition) => transition.cycle === cycle && transition.to === 'MQL');
  if (!result || !qualified) return;
  const revision = lifecycle.history.filter((transition) => transition.cycle === cycle).length;
  // A cycle's first record is stored only by this very write, replayed (which its condition
  // refuses, the revision not growing): no read before it.
  const stored = revision === 1 ? undefined : await store.getOutcome(lead.leadId, cycle);
  if (stored && stored.revision >= revision) return;
  const { reason: _reason, decidedAt: _decidedAt, ...kept } = stored ?? (await snapshot(store, source, cycle, qualified.at));
  await store.saveOutcome({ ...kept, ...result, revision });
};

const snapshot = async (store: Pick<Store, 'activity'>, { lead, lifecycle, score, activity: read }: OutcomeSource, cycle: number, qualifiedAt: string): Promise<Omit<StoredOutcome, 'outcome' | 'revision'>> => {
  // Every item the score counted was stored before the scoring read the history, so that read holds them all.
  const activity = read ?? (await store.activity([lead.leadId, ...lead.mergedFrom]));
  // What the score that qualified it had counted (its scored-through watermark and the items it
  // folded in beyond it, its own among them; on a score from before the watermark, the items whose
  // jobs had finished by then). A step stored but not scored yet was not counted.
  const scored = {
    submissions: activity.submissions.filter((record) => countedBy(score, tallyItemOf('submission', record), qualifiedAt)),
    events: activity.events.filter((record) => countedBy(score, tallyItemOf('event', record), qualifiedAt)),
  };
  return {
    leadId: lead.leadId,
    cycle,
    qualifiedAt,
    // Only the current cycle knows whether it was a raised hand: an older one is recorded late, on an upgrade.
    handRaiser: cycle === lifecycle.cycle && lifecycle.handRaiser,
    playbookId: score?.playbookId ?? playbookOf(lead),
    playbookVersion: score?.playbookVersion ?? 0,
    grade: score?.fit.grade ?? '',
    band: score?.interest.band ?? '',
    fitPoints: score?.fit.points ?? 0,
    interestScore: score?.interest.score ?? 0,
    answers: answersAsOf(lead, qualifiedAt),
    events: eventsAsOf(scored, qualifiedAt),
    ...(lead.source?.formId ? { formId: lead.source.formId } : {}),
    ...(lead.source?.utmSource ? { utmSource: lead.source.utmSource } : {}),
  };
};

/** At most this many records a page of the outcomes route. */
export const MAX_OUTCOMES_PAGE = 500;

/** The outcome records of cycles qualified in the period (by default the last 30 days), oldest first, a page at a time. */
export const listOutcomes = async (deps: Pick<AppDependencies, 'store' | 'now'>, period: ReportPeriod, limit: number, cursor?: string) => {
  const { from, to } = periodOf(period, deps.now());
  const page = await deps.store.outcomes({ from: from.toISOString(), to: to.toISOString() }, limit, cursor).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) throw new InvalidRequestError('the cursor is not valid', [{ path: 'cursor', message: error.message }], { cause: error });
    throw error;
  });
  return { outcomes: page.outcomes.map(({ revision: _revision, ...record }) => record), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

/** Every record of the period, page after page: what the calibration report reads. */
export async function* allOutcomes(store: Pick<Store, 'outcomes'>, period: { from: Date; to: Date }): AsyncIterable<StoredOutcome> {
  let cursor: string | undefined;
  do {
    const page = await store.outcomes({ from: period.from.toISOString(), to: period.to.toISOString() }, MAX_OUTCOMES_PAGE, cursor);
    yield* page.outcomes;
    cursor = page.cursor;
  } while (cursor);
}

export interface CalibrationQuery extends ReportPeriod {
  playbook?: string | undefined;
}

/**
 * The calibration report of a playbook's cycles qualified in the period (by default the last 30
 * days), read from the outcome records alone. Each record is kept lean while the period is
 * read: the report needs the answers, and of the events only which types the lead had.
 */
export const calibration = async (deps: Pick<AppDependencies, 'store' | 'now'>, query: CalibrationQuery): Promise<CalibrationReport> => {
  const period = periodOf(query, deps.now());
  const { document: playbook } = await loadDocument(deps.store, 'playbook', query.playbook ?? DEFAULT_PLAYBOOK);
  const records: OutcomeRecord[] = [];
  for await (const { revision: _revision, events, ...record } of allOutcomes(deps.store, period)) {
    if (record.playbookId !== playbook.id) continue;
    const firstOfType = new Map(events.map((event) => [event.type, event]));
    records.push({ ...record, events: [...firstOfType.values()] });
  }
  return calibrationReport(records, playbook, period);
};
