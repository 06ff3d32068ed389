import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { MAX_FOLDED } from '../../../functions/app/score-job.js';
import { SETTLE_MS, countedBy, tallyItemOf } from '../../../functions/app/tally-keys.js';
import type { EventRecord, StoredLead } from '../../../functions/app/ports/store.js';
import { PlaybookSchema, leadEvents, tallyEvents, tallyTotals, type InterestTally } from '../../../functions/core/index.js';
import { createScorer, scoreJob, type ScorerDependencies } from '../../../functions/workers/scorer.js';
import { NOW, aLeadRecord, aPlaybookInput } from '../../helpers/factories.js';
import { aClock, lambdaContext, publishIn, storeLead, type Clock } from '../../helpers/http.js';
import { sqsEvent } from '../../helpers/local-stack.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const playbook = PlaybookSchema.parse(aPlaybookInput());
/**
 * Who the events name, and when the run begins. lead_b is an alias of lead_a, an old lead: its
 * events count on lead_a's tally, under keys of their own. Or lead_a alone, stored at NOW, some
 * events captured up to 10 minutes before (a first try that stopped before storing the lead,
 * retried later): its first scoring within a settle window reads no history.
 */
const SETUPS = {
  'an old lead and its alias': { leads: ['lead_a', 'lead_b'], start: NOW, store: async (store: MemoryStore) => {
    await storeLead(store, aLeadRecord({ leadId: 'lead_a', mergedFrom: ['lead_b'] }));
    await storeLead(store, aLeadRecord({ leadId: 'lead_b', mergedInto: 'lead_a' }));
  } },
  'a new lead': { leads: ['lead_a', 'lead_a'], start: new Date(NOW.getTime() - 10 * MINUTE_MS), store: (store: MemoryStore) => storeLead(store, aLeadRecord({ leadId: 'lead_a', createdAt: NOW.toISOString() })) },
} as const;
type Setup = keyof typeof SETUPS;

/**
 * One step of a random interleaving. An event is captured (its server time taken) and lands in
 * the store later, its job queued then; jobs run in any order, twice, or two at once; the clock
 * moves on; a playbook version makes the next job recompute.
 */
type Step =
  | { kind: 'capture'; lead: 0 | 1; type: string; daysOld: number }
  | { kind: 'land'; pick: number }
  | { kind: 'deliver'; pick: number; redelivered: boolean }
  | { kind: 'race'; first: number; second: number }
  | { kind: 'batch'; picks: number[]; redelivered: boolean }
  | { kind: 'tick'; ms: number }
  | { kind: 'republish' };

const aStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('capture' as const), lead: fc.constantFrom(0 as const, 1 as const), type: fc.constantFrom(...Object.keys(playbook.interest.events), 'not_weighed'), daysOld: fc.integer({ min: 0, max: 90 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('land' as const), pick: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), redelivered: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('race' as const), first: fc.nat(), second: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('batch' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), redelivered: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5 * MINUTE_MS }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'republish' as const }) },
);

const closeTo = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

/** Each type's count and points, events ahead of the tally's instant at full weight. */
const totalsOf = (tally: InterestTally) => [...tallyTotals(playbook, tally)].filter(([, { count }]) => count > 0).sort(([a], [b]) => a.localeCompare(b));

const sameTotals = (actual: InterestTally, expected: InterestTally): boolean => {
  const [a, b] = [totalsOf(actual), totalsOf(expected)];
  return a.length === b.length && a.every(([type, total], i) => type === b[i]?.[0] && total.count === b[i][1].count && closeTo(total.points, b[i][1].points));
};

/** Runs one interleaving against the scorer on an in-memory store; answers the store and every event that landed. */
const run = async (steps: readonly Step[], clock: Clock, setup: Setup = 'an old lead and its alias') => {
  const store: MemoryStore = createMemoryStore();
  await publishIn(store, 'playbook', aPlaybookInput());
  await SETUPS[setup].store(store);
  const deps: ScorerDependencies = { store, mailer: { send: async () => 'id' }, now: clock.now, publicUrl: 'https://winnow.test', linkSecret: 's'.repeat(32) };
  const captured: EventRecord[] = [];
  const landed: EventRecord[] = [];
  // The queue: a job stays in it until a run of it finishes and is not redelivered.
  const queued: EventRecord[] = [];
  let version = 1;
  let serial = 0;

  const land = async (record: EventRecord) => {
    captured.splice(captured.indexOf(record), 1);
    await store.putEvent(record);
    landed.push(record);
    queued.push(record);
  };
  const scorer = createScorer(deps);
  const score = (record: EventRecord) => scoreJob(deps, { kind: 'event', id: record.eventId, leadId: record.leadId });
  const lead = async () => (await store.getLead('lead_a')) as StoredLead;
  const counted = async (record: EventRecord) => countedBy((await lead()).score, tallyItemOf('event', record));

  for (const step of steps) {
    if (step.kind === 'capture') {
      const now = clock.now();
      captured.push({ eventId: `evt-${(serial += 1)}`, leadId: SETUPS[setup].leads[step.lead], fingerprint: 'f', type: step.type, at: new Date(now.getTime() - step.daysOld * DAY_MS).toISOString(), receivedAt: now.toISOString(), source: 'admin' });
    } else if (step.kind === 'land' && captured.length) {
      await land(captured[step.pick % captured.length] as EventRecord);
    } else if (step.kind === 'deliver' && queued.length) {
      const record = queued[step.pick % queued.length] as EventRecord;
      await score(record);
      // A run that finished leaves its event counted, whether or not its message comes back.
      expect(await counted(record)).toBe(true);
      if (!step.redelivered) queued.splice(queued.indexOf(record), 1);
    } else if (step.kind === 'batch' && queued.length) {
      // As SQS hands the scorer a batch: several leads' jobs, the same one twice at times.
      const picked = step.picks.map((pick) => queued[pick % queued.length] as EventRecord);
      const messages = picked.map((record, i) => ({ MessageId: `m${i}`, ReceiptHandle: `r${i}`, Body: JSON.stringify({ kind: 'event', id: record.eventId, leadId: record.leadId }) }));
      const { batchItemFailures } = await scorer(sqsEvent(messages), lambdaContext('winnow-scorer'));
      expect(batchItemFailures).toEqual([]);
      for (const record of picked) expect(await counted(record)).toBe(true);
      if (!step.redelivered) for (const record of new Set(picked)) queued.splice(queued.indexOf(record), 1);
    } else if (step.kind === 'race' && queued.length) {
      await Promise.all([score(queued[step.first % queued.length] as EventRecord), score(queued[step.second % queued.length] as EventRecord)]);
    } else if (step.kind === 'tick') {
      // The one thing assumed: an item lands within SETTLE_MS of its capture (SETTLE_MS in tally-keys.ts).
      const to = clock.now().getTime() + step.ms;
      for (const record of [...captured]) if (Date.parse(record.receivedAt) + SETTLE_MS <= to) await land(record);
      clock.advance(step.ms);
    } else if (step.kind === 'republish') {
      await publishIn(store, 'playbook', aPlaybookInput(), (version += 1));
    }
    // After every step, what the score says it counts is exactly what its tally holds.
    const { score: stored } = await lead();
    if (stored?.tally) {
      const holds = landed.filter((record) => countedBy(stored, tallyItemOf('event', record)));
      expect(sameTotals(stored.tally, tallyEvents(playbook, leadEvents({ submissions: [], events: holds }), new Date(stored.tally.asOf)))).toBe(true);
    }
  }
  // The rest: every capture lands, every job left runs once.
  for (const record of [...captured]) await land(record);
  for (const record of [...queued]) await score(record);
  return { store, landed, lead: await lead() };
};

describe('the scored-through watermark on random interleavings (in-memory store)', () => {
  it.each(Object.keys(SETUPS) as Setup[])('counts every event of %s exactly once, whatever the order its jobs run, alone or in batches, repeat or race, and however late an old-dated event lands', async (setup) => {
    await fc.assert(
      fc.asyncProperty(fc.array(aStep, { minLength: 1, maxLength: 120 }), async (steps) => {
        // Prepare
        const clock = aClock(SETUPS[setup].start);

        // Act
        const { store, landed, lead } = await run(steps, clock, setup);

        // Assess: the tally is the full recompute of every landed event (as of its own instant), each counted once, and nothing is left to re-queue.
        const tally = lead.score?.tally;
        if (landed.length) expect(tally && sameTotals(tally, tallyEvents(playbook, leadEvents({ submissions: [], events: landed }), new Date(tally.asOf)))).toBe(true);
        const left = [];
        for await (const job of store.unscored()) left.push(job);
        expect(left).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('moves the watermark on and empties the list beyond it once a lead’s events are older than the settle window', async () => {
    // Prepare: 80 events, more than a tally lists beyond its watermark, their jobs all run.
    const clock = aClock(NOW);
    const steps: Step[] = Array.from({ length: 80 }, (): Step[] => [
      { kind: 'capture', lead: 0, type: 'page_view', daysOld: 1 },
      { kind: 'land', pick: 0 },
      { kind: 'deliver', pick: 0, redelivered: false },
      { kind: 'tick', ms: 10_000 },
    ]).flat();

    // Act
    const { lead, landed } = await run(steps, clock);

    // Assess: the watermark moved past most of them, so the list beyond it stays short.
    expect(landed).toHaveLength(80);
    expect(Date.parse(lead.score?.through ?? '')).toBeGreaterThan(NOW.getTime());
    expect(lead.score?.folded?.length).toBeLessThanOrEqual(MAX_FOLDED);
    expect(lead.score?.tally && tallyTotals(playbook, lead.score.tally).get('page_view')?.count).toBe(80);
  });
});
