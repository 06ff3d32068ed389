import type { LeadEvent } from './lead.js';
import { FALLBACK_BAND, type Playbook } from './playbook.js';
import { DAY_MS } from './time.js';
import { tallyEvents, tallyTotals, type InterestTally } from './interest-tally.js';


export interface InterestReason {
  type: string;
  /** How many events of this type earned points. */
  count: number;
  points: number;
  /** The type's cap held its points down. */
  capped: boolean;
}

export interface Interest {
  score: number;
  band: string;
  breakdown: InterestReason[];
}

/** Scores are shown to people and compared by machines: two decimals keep both honest. */
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Each event is worth its weight halved every `halfLifeDays` since it happened; one from the future counts as now. */
export const decayedWeight = (weight: number, at: Date, now: Date, halfLifeDays: number): number => {
  const ageDays = Math.max(0, now.getTime() - at.getTime()) / DAY_MS;
  return weight * 0.5 ** (ageDays / halfLifeDays);
};

export const bandFor = (bands: Record<string, number>, score: number): string =>
  Object.entries(bands).find(([, threshold]) => score >= threshold)?.[0] ?? FALLBACK_BAND;

/** Interest from a tally: capped per type, by type hottest first, banded. */
export const interestFromTally = (playbook: Playbook, tally: InterestTally): Interest => {
  const { caps } = playbook.interest;
  const breakdown = [...tallyTotals(playbook, tally)].map(([type, { count, points }]): InterestReason => {
    const cap = Object.hasOwn(caps, type) ? caps[type] : undefined;
    const capped = cap !== undefined && points > cap;
    return { type, count, points: round2(capped ? cap : points), capped };
  });
  breakdown.sort((a, b) => b.points - a.points || a.type.localeCompare(b.type));
  const score = round2(breakdown.reduce((sum, reason) => sum + reason.points, 0));
  return { score, band: bandFor(playbook.interest.bands, score), breakdown };
};

/** Interest: what the lead did, decayed to `now`, capped per type, by type hottest first. */
export const scoreInterest = (playbook: Playbook, events: readonly LeadEvent[], now: Date): Interest => interestFromTally(playbook, tallyEvents(playbook, events, now));
