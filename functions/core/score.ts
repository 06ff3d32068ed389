import { scoreFit, type Fit } from './fit.js';
import { interestFromTally, scoreInterest, type Interest } from './interest.js';
import type { InterestTally } from './interest-tally.js';
import type { Answers, LeadEvent } from './lead.js';
import type { Owner, Playbook } from './playbook.js';

/** Who the playbook's grade × band grid gives the lead to. */
export const routeOwner = (playbook: Playbook, grade: string, band: string): Owner =>
  (Object.hasOwn(playbook.routing, grade) ? playbook.routing[grade]?.[band] : undefined) ?? 'marketing';

export interface Score {
  fit: Fit;
  interest: Interest;
  owner: Owner;
}

/** A lead's fit from its answers, beside an interest already worked out, routed to its owner. */
export const scoreWith = (playbook: Playbook, answers: Answers, interest: Interest): Score => {
  const fit = scoreFit(playbook, answers);
  return { fit, interest, owner: routeOwner(playbook, fit.grade, interest.band) };
};

/** Fit and interest with the reasons for each: what a notice, a webhook event and the lead's page show. */
export type Reasons = Pick<Score, 'fit' | 'interest'>;

/**
 * The reasons behind a score kept without them (a lead's item keeps points, grade, score and
 * band, and its interest tally): fit from the answers, interest from the kept tally, as
 * `playbook` reads them. Under the version that scored it, which the scorer always holds, that is
 * the very score it kept, at the instant it kept it; the SLA job and a decision read the latest
 * version, and show its reading of the same answers and sums. A score with no tally (from before
 * it was kept) shows its interest without reasons.
 */
export const reasonsOf = (playbook: Playbook, answers: Answers, kept: { interest: Pick<Interest, 'score' | 'band'>; tally?: InterestTally | undefined }): Reasons => ({
  fit: scoreFit(playbook, answers),
  interest: kept.tally ? interestFromTally(playbook, kept.tally) : { ...kept.interest, breakdown: [] },
});

/** Everything the playbook says about a lead at `now`: the one scoring entry point. */
export const scoreLead = (playbook: Playbook, lead: { answers: Answers; events: readonly LeadEvent[] }, now: Date): Score =>
  scoreWith(playbook, lead.answers, scoreInterest(playbook, lead.events, now));

/** SPEC: each submission is itself a `form_submission` event. */
export const FORM_SUBMISSION_EVENT = 'form_submission';

/** A submission as the interest score counts it: a `form_submission` event at its instant. */
export const submissionEvent = ({ at }: { at: string }): LeadEvent => ({ type: FORM_SUBMISSION_EVENT, at });

/** A lead's behaviour as the scorer sees it: its events plus one event per submission. */
export const leadEvents = (activity: { submissions: readonly { at: string }[]; events: readonly LeadEvent[] }): LeadEvent[] => [
  ...activity.submissions.map(submissionEvent),
  ...activity.events.map(({ type, at }) => ({ type, at })),
];
