import * as z from '../core/zod.js';
import {
  advance,
  advanceTally,
  answersOf,
  foldEvent,
  interestFromTally,
  newLifecycle,
  playbookOf,
  raisesHand,
  scoreWith,
  tallyEvents,
  storedStep,
  submissionEvent,
  type Form,
  type InterestTally,
  type LeadEvent,
  type Score,
} from '../core/index.js';
import { applySubmission } from './apply-submission.js';
import { SCORER_EFFECTS, carryOutEffects, type Qualified } from './carry-out.js';
import { SETTLE_MS, countedBy, foldedEntry, isThrough, tallyItemOf, type EventFacts, type TallyItem } from './tally-keys.js';
import { findDocument, type Loaded } from './documents.js';
import { LeadErasedError } from './errors.js';
import { resolveLead } from './leads.js';
import type { NotifyDependencies } from './notify.js';
import { RetryLaterError } from './ports/errors.js';
import type { ScoringJob, ScoringQueue } from './ports/queue.js';
import type { Activity, ActivityKind, StoredLead, StoredScore, SubmissionRecord } from './ports/store.js';
import { retryOnConflict } from './retry.js';

/** A step's stored answer (`StepAnswer`) when its form had nothing more to ask: the last step. */
const FinishedStep = z.object({ next: z.object({ complete: z.literal(true) }) });

export type ScorerDependencies = NotifyDependencies & { queue?: Pick<ScoringQueue, 'retryLater' | 'defer'> };

/**
 * A tally lists at most this many items beyond its watermark before a job recomputes it to
 * move the watermark on (and only once a settle window has passed since it last moved, so a lead
 * busy with more than this many items a window does not recompute on every job).
 */
export const MAX_FOLDED = 64;

/**
 * Beyond this many, a job waits for the watermark to move rather than grow the lead's item
 * (DynamoDB's 400 KB): only a lead sent more than this many items within a few minutes, a bulk
 * import, meets it.
 */
export const MAX_FOLDED_WAITING = 1_000;

/** The lead's tally cannot take this job's item until its watermark moves on: the job waits, which is not a failure. */
export class TallyFullError extends RetryLaterError {
  override name = 'TallyFullError';
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(message, retryAfterSeconds);
  }
}

/**
 * The job's item as the interest tally sees it: one event (a submission is a `form_submission`),
 * with its key and capture instant, and for a submission the form it answered.
 */
interface Incoming {
  kind: ActivityKind;
  item: TallyItem;
  event: LeadEvent;
  form?: Form;
}

/** A submission or event as the tally folds it in (a submission is a `form_submission`). */
const incomingOf = (kind: ActivityKind, record: SubmissionRecord | EventFacts): Incoming => ({
  kind,
  item: tallyItemOf(kind, record),
  event: kind === 'submission' ? submissionEvent(record) : { type: (record as EventFacts).type, at: record.at },
});

/** A tally and what it counts: every item captured up to `through`, and the `folded` ones captured after. */
interface Tallied {
  tally: InterestTally;
  through: string;
  folded: string[];
  /** The lead's history, when recomputing read it: what the score counts is in it. */
  activity?: Activity;
}

/**
 * The stored tally, moved to `now`, if it can be built on: same playbook version, same aliases,
 * a scored-through watermark (a score from before it is recomputed once), a clock that did not go back.
 */
const tallyToBuildOn = (found: StoredLead, playbook: Loaded<'playbook'>, now: Date): InterestTally | undefined => {
  const score = found.score;
  if (!score?.tally || score.through === undefined || score.playbookId !== playbook.document.id || score.playbookVersion !== playbook.version || score.aliases !== found.lead.mergedFrom.length) return undefined;
  return advanceTally(playbook.document, score.tally, now);
};

/** Submissions first, then events, each by `at`: the order a lead's history is read in (`activity`), so both tally alike. */
const inHistoryOrder = (items: readonly Incoming[]): Incoming[] => {
  const byAt = (kind: ActivityKind) => items.filter((entry) => entry.kind === kind).sort((a, b) => a.event.at.localeCompare(b.event.at));
  return [...byAt('submission'), ...byAt('event')];
};

/** A lead's history as the tally counts it, in the order it is read. */
const historyOf = (activity: Activity): Incoming[] => [...activity.submissions.map((record) => incomingOf('submission', record)), ...activity.events.map((record) => incomingOf('event', record))];

/** A watermark that covers nothing: every item its score counts is listed in `folded`. */
const COVERS_NOTHING = new Date(0).toISOString();

/**
 * A lead's first scoring within a settle window of its being stored: no job of its items can
 * have failed for good yet (a failing job retries for longer), so every item it holds besides
 * the jobs' own still has a job to come, which folds it in.
 */
const isNewLead = ({ lead, score }: StoredLead, now: Date): boolean => score === undefined && lead.mergedFrom.length === 0 && Date.parse(lead.createdAt) > now.getTime() - SETTLE_MS;

/**
 * The tally recomputed from the lead's whole history, the watermark moved on to a settle window
 * ago: every item captured by then is stored (SETTLE_MS), so it is read here and counted. Of
 * those captured since, it counts the jobs' own and those the stored score counted (their jobs may
 * have finished, and will not fold them again); every other one's job is still to come and
 * folds it in itself. So none is counted twice and none is dropped. A new lead's first scoring
 * (`isNewLead`) counts the jobs' own items and reads nothing: its watermark covers nothing, so
 * any other item, however long ago it was captured (a first try retried later), is folded in
 * by its own job, and the first recompute past MAX_FOLDED moves the watermark on.
 */
const recount = async (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, incoming: readonly Incoming[], now: Date): Promise<Tallied> => {
  const { lead, score } = found;
  if (isNewLead(found, now)) {
    const counted = inHistoryOrder(incoming);
    return { tally: tallyEvents(playbook.document, counted.map(({ event }) => event), now), through: COVERS_NOTHING, folded: counted.map(({ item }) => foldedEntry(item.key)) };
  }
  const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
  const settled = now.getTime() - SETTLE_MS;
  const before = score?.through === undefined ? Number.NaN : Date.parse(score.through);
  // The watermark only moves forward: a clock set back a little keeps it where it was.
  const through = new Date(before > settled ? before : settled).toISOString();
  const own = new Set(incoming.map(({ item }) => item.key));
  const counts = (item: TallyItem) => isThrough(item.capturedAt, through) || own.has(item.key) || countedBy(score, item);
  const counted = historyOf(activity).filter(({ item }) => counts(item));
  const folded = counted.filter(({ item }) => !isThrough(item.capturedAt, through)).map(({ item }) => foldedEntry(item.key));
  if (folded.length > MAX_FOLDED_WAITING) throw new TallyFullError(`lead ${lead.leadId} has ${folded.length} items newer than its watermark`, Math.ceil(SETTLE_MS / 1000));
  return { tally: tallyEvents(playbook.document, counted.map(({ event }) => event), now), through, folded, activity };
};

/**
 * The lead's interest tally at `now`: the stored one moved forward with this job's item folded
 * in (a cost that does not grow with the lead's history), unchanged when it counts the item
 * already (a redelivered job), or recomputed when it cannot be built on (no tally yet, another
 * playbook version, an alias absorbed, a clock set back) or its list beyond the watermark is full.
 */
const tallyNow = (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, incoming: readonly Incoming[], now: Date): Promise<Tallied> | Tallied => {
  const score = found.score;
  const built = tallyToBuildOn(found, playbook, now);
  if (!built || score?.through === undefined) return recount(deps, found, playbook, incoming, now);
  const fresh = incoming.filter(({ item }) => !countedBy(score, item));
  if (fresh.length === 0) return { tally: built, through: score.through, folded: score.folded ?? [] };
  const folded = [...(score.folded ?? []), ...fresh.map(({ item }) => foldedEntry(item.key))];
  // A whole settle window since the watermark last moved: recomputing now moves it that far.
  const moves = now.getTime() - SETTLE_MS - Date.parse(score.through) >= SETTLE_MS;
  if (folded.length > MAX_FOLDED && moves) return recount(deps, found, playbook, incoming, now);
  if (folded.length > MAX_FOLDED_WAITING) {
    const wait = Math.max(1, Math.ceil((Date.parse(score.through) + 2 * SETTLE_MS - now.getTime()) / 1000));
    throw new TallyFullError(`lead ${found.lead.leadId} has ${folded.length - fresh.length} items newer than its watermark`, wait);
  }
  return { tally: fresh.reduce((tally, { event }) => foldEvent(playbook.document, tally, event), built), through: score.through, folded };
};

/**
 * Scores, then moves the lifecycle, storing the effects it asks for with it, and the tally's
 * watermark with them: one conditional write. Reloads and recomputes when another scorer got
 * there first (it may have counted this very item: a job delivered twice).
 */
const qualify = (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, incoming: readonly Incoming[]): Promise<Qualified> => {
  let current = found;
  return retryOnConflict(async (attempt) => {
    if (attempt > 1) current = (await resolveLead(deps.store, current.lead.leadId)) ?? current;
    const now = deps.now();
    const { lead } = current;
    // A submission already counted raised its hand then; a redelivered job must not start a new cycle.
    const raising = incoming.filter(({ item, form }) => raisesHand(form, countedBy(current.score, item)));
    const handRaised = raising.length > 0;
    // The form named in the lead's history: the last that raised a hand, else the last step's.
    const form = (raising.at(-1) ?? incoming.findLast((entry) => entry.form))?.form;
    const { tally, through, folded, activity } = await tallyNow(deps, current, playbook, incoming, now);
    const score: Score = scoreWith(playbook.document, answersOf(lead), interestFromTally(playbook.document, tally));
    const step = advance(
      current.lifecycle ?? newLifecycle(),
      { kind: 'scored', grade: score.fit.grade, band: score.interest.band, owner: score.owner, handRaised, ...(form ? { formId: form.id } : {}), now },
      playbook.document,
    );
    if (!step.ok) throw new Error(`scoring cannot be refused, yet it was: ${step.message}`);
    const lifecycle = storedStep(current.lifecycle ?? newLifecycle(), step);
    const stored: StoredScore = {
      fit: { points: score.fit.points, grade: score.fit.grade },
      interest: { score: score.interest.score, band: score.interest.band },
      owner: score.owner,
      playbookId: playbook.document.id,
      playbookVersion: playbook.version,
      scoredAt: now.toISOString(),
      tally,
      through,
      folded,
      aliases: lead.mergedFrom.length,
    };
    await deps.store.saveQualification(lead.leadId, { lifecycle, score: stored }, current.lifecycleVersion);
    return { lead, lifecycle, score: stored, reasons: { fit: score.fit, interest: score.interest }, lifecycleVersion: (current.lifecycleVersion ?? 0) + 1, ...(activity ? { activity } : {}) };
  });
};

/**
 * The job's own item: gone means erased (GDPR) after it was queued, and then there is nothing to
 * score. An event's job that carries its event needs no read: an event is only ever removed with
 * its lead (an erase, or a lead found erased as it was stored, before its job is queued), and the
 * lead is read anyway: found erased, nothing is scored.
 */
const itemOf = (deps: ScorerDependencies, job: ScoringJob): Promise<SubmissionRecord | EventFacts | undefined> => {
  if (job.kind === 'submission') return deps.store.getSubmission(job.leadId, job.id);
  if (job.event) return Promise.resolve({ eventId: job.id, leadId: job.leadId, ...job.event });
  return deps.store.getEvent(job.leadId, job.id);
};

/**
 * A step the API stored but did not apply (it crashed, or the lead was too busy) is applied
 * here; answers the lead as it stands after, or undefined when it was erased meanwhile.
 */
const applied = async (deps: ScorerDependencies, submission: SubmissionRecord, form: Form, found: StoredLead | undefined): Promise<StoredLead | undefined> => {
  // A step given under the lead's own id is listed on it; an alias's step is checked (and healed) by applying it again.
  if (found?.lead.leadId === submission.leadId && found.lead.submissionIds.includes(submission.submissionId)) return found;
  try {
    await applySubmission(deps.store, submission, form);
  } catch (error) {
    if (!(error instanceof LeadErasedError)) throw error;
    await deps.store.dropActivity('submission', submission.leadId, submission.submissionId);
    return undefined;
  }
  return resolveLead(deps.store, submission.leadId);
};

/** A lead's counted score and lifecycle as they stand, for jobs that have nothing to change. */
const asStored = (found: StoredLead): Qualified | undefined =>
  found.score && found.lifecycle ? { lead: found.lead, lifecycle: found.lifecycle, lifecycleVersion: found.lifecycleVersion ?? 0, score: found.score } : undefined;

/** A submission job's step with its form: the version it was answered on, which must be published. */
const withForm = async (deps: ScorerDependencies, submission: SubmissionRecord) => {
  const form = await findDocument(deps.store, 'form', submission.formId, submission.formVersion);
  if (!form) throw new Error(`form ${submission.formId} version ${submission.formVersion} is not published; submission ${submission.submissionId} cannot be applied`);
  return { submission, form: form.document };
};

/**
 * Score one lead's jobs of a batch (each naming that lead, in the order received) as one: each
 * step the API stored but did not apply is applied first, in order; then the lead's fit and
 * interest are computed with every job's item folded into its interest tally (a cost that does
 * not grow with the lead's history), its lifecycle moved, and what that asks for carried out
 * (sales told when it qualifies): one read of the lead and one write, however many of its jobs
 * the batch holds. The same as running them one after another would end with, since each item
 * is only folded in once and a hand raised counts once. A job whose item is gone (erased since
 * it was queued) has nothing to add.
 *
 * What the tally counts is kept with it in the same write, as a scored-through watermark and the
 * items counted beyond it, so jobs whose items it counts already write nothing and only carry
 * out what is still owed; no item is marked once scored. A job is a hint, not a delta:
 * replaying it, or running two at once, computes the same score and sends nothing twice.
 */
export const scoreLeadJobs = async (deps: ScorerDependencies, jobs: readonly ScoringJob[]): Promise<void> => {
  const [leadId] = new Set(jobs.map((job) => job.leadId));
  if (leadId === undefined) return;
  if (jobs.some((job) => job.leadId !== leadId)) throw new Error('scoreLeadJobs takes the jobs of one lead only');
  // The jobs name the lead their items are stored under, so every read goes out at once.
  const [items, resolved] = await Promise.all([Promise.all(jobs.map((job) => itemOf(deps, job))), resolveLead(deps.store, leadId)]);
  const present = jobs.flatMap((job, i) => {
    const item = items[i];
    return item ? [{ kind: job.kind, item }] : [];
  });
  if (present.length === 0) return;
  const steps = await Promise.all(present.flatMap(({ kind, item }) => (kind === 'submission' ? [withForm(deps, item as SubmissionRecord)] : [])));
  // Each step in turn, as separate jobs would: once the lead is found erased, each later step is dropped too.
  let found = resolved;
  let erased = false;
  for (const { submission, form } of steps) {
    const after = await applied(deps, submission, form, erased ? undefined : found);
    if (after) found = after;
    else erased = true;
  }
  if (erased || !found) return;
  const playbookId = playbookOf(found.lead);
  const playbook = await findDocument(deps.store, 'playbook', playbookId);
  // Without its playbook a lead cannot be scored; failing sends the jobs on to retry, then the DLQ.
  if (!playbook) throw new Error(`playbook ${playbookId} is not published; lead ${found.lead.leadId} cannot be scored`);
  const formOf = new Map(steps.map(({ submission, form }) => [submission.submissionId, form]));
  // An item sent twice in one batch is one item.
  const incoming = [
    ...new Map(
      present.map(({ kind, item }): [string, Incoming] => {
        const entry = incomingOf(kind, item);
        const form = kind === 'submission' ? formOf.get((item as SubmissionRecord).submissionId) : undefined;
        return [entry.item.key, form ? { ...entry, form } : entry];
      }),
    ).values(),
  ];
  // Counted already, asking nothing of its own (a hand raised, a step just applied): nothing to recompute, nothing to write.
  const score = found.score;
  const settled = found === resolved && score && tallyToBuildOn(found, playbook, deps.now()) && incoming.every(({ item }) => countedBy(score, item));
  const qualified = (settled ? asStored(found) : undefined) ?? (await qualify(deps, found, playbook, incoming));
  // The answer a step got says whether its form had anything left to ask (next-questions.ts, as the device was told).
  const finished = steps.findLast(({ submission }) => FinishedStep.safeParse(submission.response).success)?.form;
  const named = incoming.findLast(({ form, item }) => form?.handRaiser && !countedBy(score, item))?.form ?? steps.at(-1)?.form;
  await carryOutEffects(deps, qualified, playbook.document, { kinds: SCORER_EFFECTS, formTitle: named?.title, finished });
};

/** Score one job's lead: `scoreLeadJobs` with a batch of one. */
export const scoreJob = (deps: ScorerDependencies, job: ScoringJob): Promise<void> => scoreLeadJobs(deps, [job]);
