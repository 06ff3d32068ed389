import type { Answers, LeadEvent } from './lead.js';
import type { LeadRecord } from './lead-record.js';
import { leadEvents } from './score.js';
import type { Transition } from './lifecycle.js';

/** SPEC "Closed loop": what sales made of a cycle that reached MQL. */
export const OUTCOMES = ['converted', 'accepted', 'returned', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where a cycle ended: its outcome, sales' reason when it returned the lead, and when it was decided. */
export interface CycleOutcome {
  outcome: Outcome;
  reason?: string;
  decidedAt?: string;
}

/**
 * The outcome of `cycle` by the lead's history: the cycle's last move out of MQL decides
 * (SQL: converted; nurture: returned; SAL: accepted); none yet, it is open. A cycle that
 * never reached MQL has no outcome.
 */
export const outcomeOf = (history: readonly Transition[], cycle: number): CycleOutcome | undefined => {
  const moves = history.filter((transition) => transition.cycle === cycle);
  if (!moves.some((transition) => transition.to === 'MQL')) return undefined;
  const decided = moves.findLast((transition) => transition.to === 'SQL' || transition.to === 'nurture' || transition.to === 'SAL');
  if (!decided) return { outcome: 'open' };
  const outcome: Outcome = decided.to === 'SQL' ? 'converted' : decided.to === 'SAL' ? 'accepted' : 'returned';
  return { outcome, decidedAt: decided.at, ...(outcome === 'returned' ? { reason: decided.reason ?? decided.why } : {}) };
};

/**
 * One cycle that reached MQL, as the outcomes report and a backtest read it: what the lead had
 * given and done up to `qualifiedAt`, what the playbook in force made of it, and what sales did.
 */
export interface OutcomeRecord extends CycleOutcome {
  leadId: string;
  cycle: number;
  qualifiedAt: string;
  /** It asked for sales (a hand-raiser's form): an MQL whatever the grid says. */
  handRaiser: boolean;
  /** The playbook in force and what it made of the lead at qualification. */
  playbookId: string;
  playbookVersion: number;
  grade: string;
  band: string;
  fitPoints: number;
  interestScore: number;
  /** The answers and events (submissions as `form_submission`) the lead had at `qualifiedAt`. */
  answers: Answers;
  events: LeadEvent[];
  /** Where the lead came from (its first form and utm_source). */
  formId?: string;
  utmSource?: string;
}

/** Whether a decided cycle counts as a success for sales: accepted or converted. */
export const isDecided = (outcome: Outcome): boolean => outcome !== 'open';

/** Time order of ISO 8601 instants written by different clocks and offsets. */
const notAfter = (iso: string, at: string): boolean => Date.parse(iso) <= Date.parse(at);

/** The answers a lead had given by `at`: its own answered by then, and its aliases' by their own time. */
export const answersAsOf = (lead: Pick<LeadRecord, 'answers' | 'answeredAt' | 'aliasAnswers'>, at: string): Answers => {
  const answers: Answers = {};
  for (const [field, alias] of Object.entries(lead.aliasAnswers ?? {})) if (notAfter(alias.at, at)) answers[field] = alias.value;
  for (const [field, value] of Object.entries(lead.answers)) {
    const answeredAt = lead.answeredAt[field];
    if (answeredAt === undefined || notAfter(answeredAt, at)) answers[field] = value;
  }
  return answers;
};

/**
 * An outcome record holds at most this many events, the latest: a DynamoDB item stays far under
 * its 400 KB, and what decay leaves of older ones is below any band's threshold in practice.
 */
export const MAX_OUTCOME_EVENTS = 5000;

/** The behaviour a lead had shown by `at`, as the scorer counted it: events that happened and arrived by then, each step a `form_submission`. */
export const eventsAsOf = (activity: { submissions: readonly { at: string }[]; events: readonly (LeadEvent & { receivedAt?: string })[] }, at: string): LeadEvent[] =>
  leadEvents({
    submissions: activity.submissions.filter((submission) => notAfter(submission.at, at)),
    events: activity.events.filter((event) => notAfter(event.at, at) && notAfter(event.receivedAt ?? event.at, at)),
  })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(-MAX_OUTCOME_EVENTS);
