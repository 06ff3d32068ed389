import * as z from 'zod';
import {
  FORM_SUBMISSION_EVENT,
  advance,
  advanceTally,
  answersOf,
  foldEvent,
  interestFromTally,
  leadEvents,
  newLifecycle,
  playbookOf,
  raisesHand,
  scoreWith,
  tallyEvents,
  storedStep,
  type Form,
  type InterestTally,
  type LeadEvent,
  type Score,
} from '../core/index.js';
import { applySubmission } from './apply-submission.js';
import { SCORER_EFFECTS, carryOutEffects, type Qualified } from './carry-out.js';
import { foldedKey } from './tally-keys.js';
import { findDocument, type Loaded } from './documents.js';
import { LeadErasedError } from './errors.js';
import { resolveLead } from './leads.js';
import type { NotifyDependencies } from './notify.js';
import type { ScoringJob, ScoringQueue } from './ports/queue.js';
import type { EventRecord, StoredLead, StoredScore, SubmissionRecord } from './ports/store.js';
import { retryOnConflict } from './retry.js';

/** A step's stored answer (`StepAnswer`) when its form had nothing more to ask: the last step. */
const FinishedStep = z.object({ next: z.object({ complete: z.literal(true) }) });

export type ScorerDependencies = NotifyDependencies & { queue?: Pick<ScoringQueue, 'retryLater' | 'defer'> };

/**
 * The items a tally holds whose jobs may not have marked them scored yet (a crash between the
 * two writes), as `kind:leadId/id`, the latest kept: a job redelivered after this many others
 * of its lead would count its item twice.
 */
export const MAX_FOLDED = 64;

/** The job's item as the interest tally sees it: one event (a submission is a `form_submission`), under a key of its own. */
interface Incoming {
  key: string;
  event: LeadEvent;
  /** Marked scored already: a redelivered job, whose item the tally holds. */
  scored: boolean;
}

const keyOf = foldedKey;

/** The stored tally, moved to `now`, if it can be built on: same playbook version, same aliases, a clock that did not go back. */
const tallyToBuildOn = (found: StoredLead, playbook: Loaded<'playbook'>, now: Date): InterestTally | undefined => {
  const score = found.score;
  if (!score?.tally || score.playbookId !== playbook.document.id || score.playbookVersion !== playbook.version || score.aliases !== found.lead.mergedFrom.length) return undefined;
  return advanceTally(playbook.document, score.tally, now);
};

/** Whether the lead's tally holds this item already: marked scored, or folded by a scoring that has not marked it yet. */
const holds = (found: StoredLead, incoming: Incoming): boolean =>
  (incoming.scored || (found.score?.folded ?? []).includes(incoming.key)) && found.score?.tally !== undefined;

/**
 * The lead's interest tally at `now`: the stored one moved forward with this job's item folded
 * in (a cost that does not grow with the lead's history), or, when it cannot be built on (no
 * tally yet, another playbook version, an alias absorbed, a clock set back), recomputed.
 */
const tallyNow = async (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, incoming: Incoming, now: Date) => {
  const folded = found.score?.folded ?? [];
  const built = tallyToBuildOn(found, playbook, now);
  if (built) {
    const held = holds(found, incoming);
    return { tally: held ? built : foldEvent(playbook.document, built, incoming.event), folded: held ? folded : [...folded, incoming.key] };
  }
  // Recomputed from the items whose jobs have marked them scored, those the last tally holds but
  // whose jobs have not marked them yet, and this one: every other item's job is still to come
  // and folds it in itself, so none is counted twice and none is dropped.
  const { lead } = found;
  const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
  const pending = new Set([...folded, incoming.key]);
  const counts = (kind: ScoringJob['kind'], record: { leadId: string; scoredAt?: string | undefined }, id: string) =>
    record.scoredAt !== undefined || pending.has(keyOf(kind, record.leadId, id));
  const counted = {
    submissions: activity.submissions.filter((record) => counts('submission', record, record.submissionId)),
    events: activity.events.filter((record) => counts('event', record, record.eventId)),
  };
  const unmarked = [
    ...counted.submissions.filter((record) => record.scoredAt === undefined).map((record) => keyOf('submission', record.leadId, record.submissionId)),
    ...counted.events.filter((record) => record.scoredAt === undefined).map((record) => keyOf('event', record.leadId, record.eventId)),
  ];
  return { tally: tallyEvents(playbook.document, leadEvents(counted), now), folded: [...unmarked.filter((key) => key !== incoming.key), incoming.key] };
};

/**
 * Scores, then moves the lifecycle, storing the effects it asks for with it; reloads and
 * recomputes when another scorer got there first.
 */
const qualify = (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, handRaised: boolean, formId: string | undefined, incoming: Incoming): Promise<Qualified> => {
  let current = found;
  return retryOnConflict(async (attempt) => {
    if (attempt > 1) current = (await resolveLead(deps.store, current.lead.leadId)) ?? current;
    const now = deps.now();
    const { lead } = current;
    const { tally, folded } = await tallyNow(deps, current, playbook, incoming, now);
    const score: Score = scoreWith(playbook.document, answersOf(lead), interestFromTally(playbook.document, tally));
    const step = advance(
      current.lifecycle ?? newLifecycle(),
      { kind: 'scored', grade: score.fit.grade, band: score.interest.band, owner: score.owner, handRaised, ...(formId ? { formId } : {}), now },
      playbook.document,
    );
    if (!step.ok) throw new Error(`scoring cannot be refused, yet it was: ${step.message}`);
    const lifecycle = storedStep(current.lifecycle ?? newLifecycle(), step);
    const stored: StoredScore = {
      ...score,
      playbookId: playbook.document.id,
      playbookVersion: playbook.version,
      scoredAt: now.toISOString(),
      tally,
      folded: folded.slice(-MAX_FOLDED),
      aliases: lead.mergedFrom.length,
    };
    await deps.store.saveQualification(lead.leadId, { lifecycle, score: stored }, current.lifecycleVersion);
    return { lead, lifecycle, score: stored, lifecycleVersion: (current.lifecycleVersion ?? 0) + 1 };
  });
};

/** The job's own item: gone means erased (GDPR) after it was queued, and then there is nothing to score. */
const itemOf = (deps: ScorerDependencies, job: ScoringJob) =>
  job.kind === 'submission' ? deps.store.getSubmission(job.leadId, job.id) : deps.store.getEvent(job.leadId, job.id);

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

/**
 * Score a job's lead: applies its step if the API did not, recomputes the lead's fit and
 * interest from everything stored about it, moves its lifecycle, and carries out what that
 * asks for (tells sales when it qualifies). Interest is kept as a tally on the lead, so a job
 * folds in its own item rather than reading the lead's whole history; a job whose item the
 * tally holds already only carries out what is still owed. A job is a hint, not a delta:
 * replaying it, or running two at once, computes the same score and sends nothing twice.
 */
export const scoreJob = async (deps: ScorerDependencies, job: ScoringJob): Promise<void> => {
  const { store } = deps;
  // The job names the lead its item is stored under, so both reads go out at once.
  const [item, resolved] = await Promise.all([itemOf(deps, job), resolveLead(store, job.leadId)]);
  if (!item) return;
  const submission = job.kind === 'submission' ? (item as SubmissionRecord) : undefined;
  const form = submission ? await findDocument(store, 'form', submission.formId, submission.formVersion) : undefined;
  if (submission && !form) throw new Error(`form ${submission.formId} version ${submission.formVersion} is not published; submission ${submission.submissionId} cannot be applied`);
  const found = submission && form ? await applied(deps, submission, form.document, resolved) : resolved;
  if (found) {
    const playbookId = playbookOf(found.lead);
    const playbook = await findDocument(store, 'playbook', playbookId);
    // Without its playbook a lead cannot be scored; failing sends the job on to retry, then the DLQ.
    if (!playbook) throw new Error(`playbook ${playbookId} is not published; lead ${found.lead.leadId} cannot be scored`);
    // A submission already scored raised its hand then; a redelivered job must not start a new cycle.
    const handRaised = raisesHand(form?.document, Boolean(item.scoredAt));
    const incoming: Incoming = {
      key: keyOf(job.kind, job.leadId, job.id),
      event: submission ? { type: FORM_SUBMISSION_EVENT, at: submission.at } : { type: (item as EventRecord).type, at: item.at },
      scored: Boolean(item.scoredAt),
    };
    // Held already, asking nothing of its own (a hand raised, a step just applied): nothing to recompute.
    const settled = !handRaised && found === resolved && found.score && found.lifecycle && tallyToBuildOn(found, playbook, deps.now()) && holds(found, incoming);
    const qualified =
      settled && found.score && found.lifecycle
        ? { lead: found.lead, lifecycle: found.lifecycle, lifecycleVersion: found.lifecycleVersion ?? 0, score: found.score }
        : await qualify(deps, found, playbook, handRaised, submission?.formId, incoming);
    // The answer the step got says whether its form had anything left to ask (next-questions.ts, as the device was told).
    const finished = form && FinishedStep.safeParse(submission?.response).success ? form.document : undefined;
    await carryOutEffects(deps, qualified, playbook.document, { kinds: SCORER_EFFECTS, formTitle: form?.document.title, finished });
  }
  await store.markScored(job.kind, job.leadId, job.id, deps.now().toISOString());
};
