import { advance, answersOf, leadEvents, newLifecycle, playbookOf, raisesHand, scoreLead, withEffects, type Form, type Score } from '../core/index.js';
import { applySubmission } from './apply-submission.js';
import { carryOutEffects, type Qualified } from './carry-out.js';
import { storeDocuments, type DocumentReader, type Loaded } from './documents.js';
import { LeadErasedError } from './errors.js';
import { resolveLead } from './leads.js';
import type { NotifyDependencies } from './notify.js';
import type { ScoringJob, ScoringQueue } from './ports/queue.js';
import type { StoredLead, SubmissionRecord } from './ports/store.js';
import { retryOnConflict } from './retry.js';

export type ScorerDependencies = NotifyDependencies & {
  queue?: Pick<ScoringQueue, 'retryLater' | 'defer'>;
  /** Where published forms and playbooks are read: a cache for the container's life on AWS and locally, the store itself by default. */
  documents?: DocumentReader;
};

/**
 * Scores, then moves the lifecycle, storing the effects it asks for with it; reloads and
 * recomputes when another scorer got there first.
 */
const qualify = (deps: ScorerDependencies, found: StoredLead, playbook: Loaded<'playbook'>, handRaised: boolean, formId: string | undefined): Promise<Qualified> => {
  let current = found;
  return retryOnConflict(async (attempt) => {
    if (attempt > 1) current = (await resolveLead(deps.store, current.lead.leadId)) ?? current;
    const now = deps.now();
    const { lead } = current;
    const activity = await deps.store.activity([lead.leadId, ...lead.mergedFrom]);
    const score: Score = scoreLead(playbook.document, { answers: answersOf(lead), events: leadEvents(activity) }, now);
    const step = advance(
      current.lifecycle ?? newLifecycle(),
      { kind: 'scored', grade: score.fit.grade, band: score.interest.band, owner: score.owner, handRaised, ...(formId ? { formId } : {}), now },
      playbook.document,
    );
    if (!step.ok) throw new Error(`scoring cannot be refused, yet it was: ${step.message}`);
    const lifecycle = withEffects(step.lifecycle, step.effects);
    const stored = { ...score, playbookId: playbook.document.id, playbookVersion: playbook.version, scoredAt: now.toISOString() };
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
 * How far a job's SQS send time must lie before a scoring's read for that read to have seen
 * the job's item: the item is stored before its job is sent, and this covers the skew between
 * SQS's clock and the scorer's.
 */
export const CLOCK_SKEW_MS = 1_000;

/**
 * Whether the lead's stored score already counts this job's item, so the job has nothing to
 * recompute: its item was stored before the job was sent, the job was sent before that
 * scoring read the lead's activity (its `scoredAt`), under the same playbook version, and the
 * item asks nothing of its own (a hand raised, a step not yet applied).
 */
const coveredBy = (found: StoredLead, playbook: Loaded<'playbook'>, sentAt: number | undefined): found is StoredLead & { score: NonNullable<StoredLead['score']> } =>
  sentAt !== undefined &&
  found.score !== undefined &&
  found.lifecycle !== undefined &&
  found.score.playbookId === playbook.document.id &&
  found.score.playbookVersion === playbook.version &&
  sentAt + CLOCK_SKEW_MS < Date.parse(found.score.scoredAt);

/**
 * Score a job's lead: applies its step if the API did not, recomputes the lead's fit and
 * interest from everything stored about it, moves its lifecycle, and carries out what that
 * asks for (tells sales when it qualifies). A job a later scoring already covered (`sentAt`,
 * the job's SQS send time, says so) only carries out what is still owed. A job is a hint, not
 * a delta: replaying it, or running two at once, computes the same score and sends nothing twice.
 */
export const scoreJob = async (deps: ScorerDependencies, job: ScoringJob, { sentAt }: { sentAt?: number } = {}): Promise<void> => {
  const { store } = deps;
  const documents = deps.documents ?? storeDocuments(store);
  // The job names the lead its item is stored under, so both reads go out at once.
  const [item, resolved] = await Promise.all([itemOf(deps, job), resolveLead(store, job.leadId)]);
  if (!item) return;
  const submission = job.kind === 'submission' ? (item as SubmissionRecord) : undefined;
  const form = submission ? await documents.find('form', submission.formId, submission.formVersion) : undefined;
  if (submission && !form) throw new Error(`form ${submission.formId} version ${submission.formVersion} is not published; submission ${submission.submissionId} cannot be applied`);
  const found = submission && form ? await applied(deps, submission, form.document, resolved) : resolved;
  if (found) {
    const playbookId = playbookOf(found.lead);
    const playbook = await documents.find('playbook', playbookId);
    // Without its playbook a lead cannot be scored; failing sends the job on to retry, then the DLQ.
    if (!playbook) throw new Error(`playbook ${playbookId} is not published; lead ${found.lead.leadId} cannot be scored`);
    // A submission already scored raised its hand then; a redelivered job must not start a new cycle.
    const handRaised = raisesHand(form?.document, Boolean(item.scoredAt));
    const qualified =
      !handRaised && found === resolved && coveredBy(found, playbook, sentAt)
        ? { lead: found.lead, lifecycle: found.lifecycle ?? newLifecycle(), lifecycleVersion: found.lifecycleVersion ?? 0, score: found.score }
        : await qualify(deps, found, playbook, handRaised, submission?.formId);
    await carryOutEffects(deps, qualified, playbook.document, { kinds: ['notify'], formTitle: form?.document.title });
  }
  await store.markScored(job.kind, job.leadId, job.id, deps.now().toISOString());
};
