import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createAdapters, tableClient } from '../functions/adapters/clients.js';
import { stagePartition } from '../functions/adapters/dynamodb/keys.js';
import { readConfig } from '../functions/adapters/config.js';
import { DAY_MS, newLeadRecord, scoreLead, type Answers, type LeadEvent, type Playbook } from '../functions/core/index.js';
import { createApi } from '../functions/http/api.js';
import { httpDependencies } from '../functions/http/dependencies.js';
import { createScorer, scoreJob } from '../functions/workers/scorer.js';
import { scorerDependencies } from '../functions/workers/wiring.js';
import { ScoringJob, eventJob } from '../functions/app/ports/queue.js';
import { queueClient } from '../functions/adapters/scoring-queue.js';
import type { Store } from '../functions/app/ports/store.js';
import { resolveLead } from '../functions/app/leads.js';
import { publishDocument } from '../functions/app/publish-document.js';
import { toApiEvent } from '../infra/local/api-event.js';
import { lambdaContext } from '../infra/local/lambda-context.js';
import { checkExamples, publishExamples } from '../infra/local/publish-examples.js';
import { LOCAL_BATCHES_AT_ONCE, startQueuePoller } from '../infra/local/queue-poller.js';
import { clientConfig, ensureQueues, ensureTable } from '../infra/local/servers.js';
import { npmStartServers } from './npm-start-servers.js';

const LEADS = 1_000;
const EVENTS_PER_LEAD = 10;
const JOBS = LEADS * EVENTS_PER_LEAD;
const SEED_CONCURRENCY = 16;
const CORE_PASSES = 20;
const SAMPLE_EVERY = 10;
const RAW_CONCURRENCY = 10;
/** Each run is measured in this many parts, each beside the store's raw pace just before and just after it. */
const SEGMENTS = 5;

/**
 * A full garbage collection, taken before each part of a run and each raw measurement between
 * them, so neither pays for the garbage the other left (a raw measurement right after a part would
 * otherwise collect the part's, and count against the baseline).
 */
const collectGarbage = (() => {
  // Exposed on first use, so importing this bench (as every `npm run bench` does) sets no V8 flag.
  let gc: (() => void) | undefined;
  return () => {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
  };
})();
const TOKEN = 'bench-admin-token-0123456789';
/** Below the lead's cap on items beyond its watermark (MAX_FOLDED_WAITING), so no job waits for it to move. */
const BULK_EVENTS = 900;
const HOUR_MS = 3_600_000;
/**
 * `BENCH_BACKLOG=1`: events captured when the population is drawn, minutes before their jobs
 * run, as a backlog's are. A lead's first job then finds them all settled and counts them, and
 * its other nine jobs find theirs counted: nine of ten jobs write nothing.
 */
const backlog = process.env.BENCH_BACKLOG === '1';

/** A deterministic generator, so every run seeds the same population (as bench/core.ts does). */
const random = (() => {
  let seed = 7;
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
})();
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Seeding is not timed, but 21,000 sequential round trips would still make the bench slow. */
const inParallel = async (n: number, run: (i: number) => Promise<unknown>): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, async () => { while (next < n) await run(next++); }));
};

const HISTORY_JOBS = 60;

/**
 * A job's cost against its lead's history: a lead with 1,000 events and one with 10, each scored
 * once (which builds its tally), then a new event's job on each, timed one at a time.
 */
const historyCost = async (store: Store, score: (job: ScoringJob) => Promise<void>, type: string): Promise<void> => {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const at = new Date().toISOString();
  const rows = [];
  for (const history of [10, 1_000]) {
    const leadId = `history-${history}`;
    await store.saveLead(newLeadRecord(leadId, new Date()), undefined);
    await inParallel(history, (i) => store.putEvent({ eventId: `old-${i}`, leadId, fingerprint: 'f', type, at, receivedAt: at, source: 'admin' }));
    await score({ kind: 'event', id: 'old-0', leadId });
    const times: number[] = [];
    for (let i = 0; i < HISTORY_JOBS; i += 1) {
      const record = { eventId: `new-${i}`, leadId, fingerprint: 'f', type, at, receivedAt: at, source: 'admin' as const };
      await store.putEvent(record);
      const start = process.hrtime.bigint();
      await score(eventJob(record));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    rows.push({ history, 'median ms a job': median(times).toFixed(2) });
  }
  const [small, large] = rows.map((row) => Number(row['median ms a job']));
  console.log(`\na new event's job against its lead's history (${HISTORY_JOBS} jobs each, median)`);
  console.table(rows);
  console.log(`1,000-event lead / 10-event lead: ${((large ?? 0) / (small ?? 1)).toFixed(2)}× (goal ≤ 1.5×)`);
};

/** Leads/s through the local queue and scorer, against scoreLead on the same leads in process. */
export const qualifyBench = async (): Promise<void> => {
  const servers = await npmStartServers();
  const { dynamo, sqs } = servers;
  // As npm start's poller builds its client (local-host.ts).
  const sqsClient = queueClient(clientConfig(sqs));
  try {
    await ensureTable(dynamo, 'winnow');
    const { queueUrl, queueArn, visibilityTimeoutSeconds } = await ensureQueues(sqs);
    const config = readConfig({ WINNOW_DYNAMODB_ENDPOINT: dynamo, WINNOW_SQS_ENDPOINT: sqs, WINNOW_SCORING_QUEUE_URL: queueUrl, WINNOW_ADMIN_TOKEN: TOKEN });
    // As the functions run: published documents kept per container (httpDependencies wraps the store).
    const adapters = createAdapters(config);
    const deps = httpDependencies(adapters);
    const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(dynamo)));
    // The example playbook and forms, published as npm start publishes them.
    const api = createApi(deps);
    const examples = await checkExamples(process.cwd());
    await publishExamples((request) => api(toApiEvent(request), lambdaContext('winnow-api', 30_000)), TOKEN, examples);
    const playbook = examples.flatMap(({ loaded }) => (loaded.kind === 'playbook' && loaded.document.id === 'default' ? [loaded.document] : []))[0] as Playbook;

    // Answers drawn from the playbook's own criteria, a quarter left unanswered, so grades spread from A to D.
    const now = new Date();
    const eventTypes = Object.keys(playbook.interest.events);
    const populationOf = (prefix: string) =>
      Array.from({ length: LEADS }, (_, i) => {
        const answers: Answers = { email: `${prefix}${i}@example.com` };
        for (const criterion of playbook.fit.criteria) {
          if (random() < 0.25) continue;
          answers[criterion.field] = 'ranges' in criterion ? pick([0, 5_000, 20_000, 80_000]) : pick([...Object.keys(criterion.points).filter((k) => k !== '*'), 'other']);
        }
        // Spread over 60 days, so decay moves leads between bands.
        const events: LeadEvent[] = Array.from({ length: EVENTS_PER_LEAD }, () => ({ type: pick(eventTypes), at: new Date(now.getTime() - random() * 60 * DAY_MS).toISOString() }));
        return { leadId: `${prefix}${i}`, answers, events };
      });
    type Population = ReturnType<typeof populationOf>;
    /**
     * Stores a population's leads and events and answers their jobs as the API queues them (each
     * carrying its event), for the run to queue: event-major (a real queue interleaves leads, so a
     * batch holds ten leads' jobs) or lead-major (a lead's ten jobs together).
     */
    const seed = async (population: Population, order: 'by event' | 'by lead') => {
      // Captured an hour ahead of the scorer's clock, so no lead's first scoring finds its other events
      // settled (older than SETTLE_MS) and counts them at once: each job folds its own event, the
      // steady state of jobs that run seconds after capture, not a backlog's (see `backlog` above).
      // Each lead is stored as its first event is captured, as the API stores it, so its first
      // scoring reads no history (nothing of it is old enough for the watermark), as in that state.
      const capturedAt = backlog ? now : new Date(now.getTime() + HOUR_MS);
      await inParallel(LEADS, (i) => deps.store.saveLead({ ...newLeadRecord(population[i]?.leadId ?? '', capturedAt), answers: population[i]?.answers ?? {} }, undefined));
      const eventMajor = Array.from({ length: EVENTS_PER_LEAD }, (_, e) => population.map(({ leadId, events }) => ({ eventId: `${leadId}-event-${e}`, leadId, ...(events[e] as LeadEvent) }))).flat();
      const jobs = order === 'by event' ? eventMajor : [...eventMajor].sort((a, b) => a.leadId.localeCompare(b.leadId));
      const records = jobs.map(({ eventId, leadId, type, at }) => ({ eventId, leadId, fingerprint: eventId, type, at, receivedAt: capturedAt.toISOString(), source: 'admin' as const }));
      await inParallel(JOBS, (k) => deps.store.putEvent(records[k] as (typeof records)[number]));
      return records.map(eventJob);
    };
    const leads = populationOf('bench-lead-');
    const byLead = populationOf('bench-lead-b-');
    const byEventOne = populationOf('bench-lead-c-');
    const byLeadOne = populationOf('bench-lead-d-');
    const noneQualify = populationOf('bench-lead-e-');

    /** Calls/s of `send(n)` for n < count, RAW_CONCURRENCY at a time. */
    const rateOf = async (count: number, send: (n: number) => Promise<unknown>): Promise<number> => {
      const start = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: RAW_CONCURRENCY }, async () => {
          while (next < count) await send(next++);
        }),
      );
      return count / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    /** Writes/s of `write(n)` for n < count, RAW_CONCURRENCY at a time, on the same table. */
    const rawRate = async (count: number, write: (n: number) => UpdateCommand): Promise<number> => rateOf(count, (n) => documentClient.send(write(n)));
    // The store's own pace, as the scorer's baseline: conditional UpdateItems, 10 at a time, on the same table.
    const rawWrite = (n: number) =>
      new UpdateCommand({
        TableName: config.WINNOW_TABLE,
        Key: { PK: `BENCH#${n % 100}`, SK: 'RAW' },
        UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one',
        ConditionExpression: 'attribute_not_exists(#gone)',
        ExpressionAttributeNames: { '#v': 'version', '#gone': 'erasedAt' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      });
    // The same writes through the scorer's own client setup, which skips steps a stock client pays
    // for on every call: against the stock rate alone, that saving would count as the scorer's.
    /** The scorer's own write of a lead's lifecycle and score (text, as the store keeps them), over the lifecycle version it read. */
    const scorerWrite = ({ PK, lifecycle, score, stage, version, hotness }: { PK: unknown; lifecycle: unknown; score: unknown; stage: unknown; version: number; hotness: string }) =>
      new UpdateCommand({
        TableName: config.WINNOW_TABLE,
        Key: { PK, SK: 'PROFILE' },
        UpdateExpression: 'SET lifecycle = :lifecycle, lifecycleVersion = :version, GSI3PK = :stage, score = :score, GSI3SK = :hotness',
        ConditionExpression: 'attribute_exists(version) AND lifecycleVersion = :expected',
        ExpressionAttributeValues: { ':lifecycle': lifecycle, ':version': version + 1, ':expected': version, ':stage': stage, ':score': score, ':hotness': hotness },
      });
    const tunedTable = tableClient(config);
    const tunedWrite = (n: number) =>
      tunedTable.send(
        new UpdateItemCommand({
          TableName: config.WINNOW_TABLE,
          Key: { PK: { S: `BENCH#${n % 100}` }, SK: { S: 'RAW' } },
          UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(#gone)',
          ExpressionAttributeNames: { '#v': 'version', '#gone': 'erasedAt' },
          ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } },
        }),
      );
    // A process's first few thousand writes run cold (dynalite and the SDK warm up, up to twice as
    // fast after): a burst unmeasured first, then each client twice in turn, the faster run of each kept.
    await rawRate(2_000, rawWrite);
    await rateOf(1_000, tunedWrite);
    let rawPerSecond = 0;
    let tunedRawPerSecond = 0;
    for (let round = 0; round < 2; round += 1) {
      rawPerSecond = Math.max(rawPerSecond, await rawRate(2_000, rawWrite));
      tunedRawPerSecond = Math.max(tunedRawPerSecond, await rateOf(2_000, tunedWrite));
    }
    tunedTable.destroy();
    /**
     * The same raw write on the store as the next run meets it: a store holding thousands of
     * leads and events writes slower than the empty one above (its sorted maps are
     * deeper, its heap bigger). A burst unmeasured first (what seeding left to collect), then the
     * faster of two runs, so the baseline errs high, never low.
     */
    const storeRate = async (): Promise<number> => (await storeRateWithCpu()).rate;
    /**
     * `storeRate` over `writes` writes (twice), with the CPU time (the whole process: servers, SDK
     * and all, every thread) a raw write takes: a host that lends its cores to its neighbours
     * slows the wall clock, not that.
     */
    const storeRateWithCpu = async (writes = 2_000): Promise<{ rate: number; cpuPerWrite: number }> => {
      await rawRate(writes / 2, rawWrite);
      const cpu = process.cpuUsage();
      const rate = Math.max(await rawRate(writes, rawWrite), await rawRate(writes, rawWrite));
      const { user, system } = process.cpuUsage(cpu);
      return { rate, cpuPerWrite: (user + system) / 1e6 / (2 * writes) };
    };
    const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
    /**
     * A run of `jobs`, queued and drained in `SEGMENTS` parts, with the store's raw pace measured
     * on the store as each part meets it: before the first, then after each (so between two parts
     * one look serves both). A shared host's pace drifts by a third within a minute; a part takes
     * a few seconds, so each is set beside the pace of its own seconds, not the run's ends alone.
     * `paired` is the run's jobs over the raw writes the store would have made in each part's
     * seconds at the mean of the paces around it; `pairedCpu` the same in CPU time (a part's jobs
     * at the raw write's CPU time around it, over the part's own).
     */
    const measured = async (jobs: readonly ScoringJob[], batchesAtOnce: number, handle?: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) => {
      const size = Math.ceil(jobs.length / SEGMENTS);
      const pace = () => (collectGarbage(), storeRateWithCpu(1_000));
      const paces = [await pace()];
      const parts: { jobs: number; took: number; cpu: number }[] = [];
      for (let start = 0; start < jobs.length; start += size) {
        const part = jobs.slice(start, start + size);
        await deps.queue.enqueueAll(part);
        collectGarbage();
        const cpu = process.cpuUsage();
        const took = await drain(part.length, batchesAtOnce, handle);
        const { user, system } = process.cpuUsage(cpu);
        parts.push({ jobs: part.length, took, cpu: (user + system) / 1e6 });
        paces.push(await pace());
      }
      const around = (k: number, of: 'rate' | 'cpuPerWrite') => ((paces[k]?.[of] ?? Number.NaN) + (paces[k + 1]?.[of] ?? Number.NaN)) / 2;
      return {
        took: sum(parts.map((part) => part.took)),
        raw: paces[0]?.rate ?? Number.NaN,
        rawAfter: paces.at(-1)?.rate ?? Number.NaN,
        paired: jobs.length / sum(parts.map((part, k) => part.took * around(k, 'rate'))),
        pairedCpu: sum(parts.map((part, k) => part.jobs * around(k, 'cpuPerWrite'))) / sum(parts.map((part) => part.cpu)),
        parts: parts.map((part, k) => (part.jobs / part.took / around(k, 'rate')).toFixed(2)),
        paces: paces.map((measuredPace) => Math.round(measuredPace.rate)),
      };
    };

    const sent: unknown[] = [];
    // Counts the jobs that recomputed their lead, as against those an earlier scoring covered.
    let scorings = 0;
    // As npm start and the scorer function wire it (the store's caches included), with a mailer that only counts.
    const workers = scorerDependencies(adapters);
    const store: typeof workers.store = Object.create(workers.store) as typeof workers.store;
    store.saveQualification = (...args) => ((scorings += args[1].score ? 1 : 0), workers.store.saveQualification(...args));
    const scorer = createScorer({ ...workers, store, mailer: { send: async (mail) => (sent.push(mail), 'id') }, linkSecret: 'bench-link-secret-0123456789abcdef' });
    const errors: string[] = [];
    let failed = 0;
    /**
     * Seconds the local poller and the scorer take to get through `expected` queued jobs, handling
     * `batchesAtOnce` batches at once: npm start's five, as many as the stack's event source mapping
     * hands the scorer by default (`maxConcurrency` is 2 to 1,000), or one.
     */
    const drain = async (expected: number, batchesAtOnce: number, handle: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> = scorer): Promise<number> => {
      let processed = 0;
      let finished = () => {};
      const allDone = new Promise<void>((resolve) => (finished = resolve));
      const start = process.hrtime.bigint();
      const poller = startQueuePoller({
        sqs: sqsClient, queueUrl, queueArn, region: config.AWS_REGION, visibilityTimeoutSeconds,
        handler: async (event: SQSEvent, context: Context) => {
          const response = await handle(event, context);
          processed += event.Records.length - response.batchItemFailures.length;
          failed += response.batchItemFailures.length;
          if (processed >= expected) finished();
          return response;
        },
        onError: (line) => errors.push(line),
        concurrency: batchesAtOnce,
      });
      await allDone;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      await poller.stop();
      return seconds;
    };
    const byEventJobs = await seed(leads, 'by event');
    const byEventRun = await measured(byEventJobs, LOCAL_BATCHES_AT_ONCE);
    const seconds = byEventRun.took;
    const eventScorings = scorings;
    // The floor of a scoring itself: the same conditional write of a lead's lifecycle and score
    // as the scorer's, replayed raw on 100 of the leads just scored (their items as stored: the
    // size, and both indexes, a lead's write carries), its stage index's sort key moved each time
    // as a decaying score moves it, and the score and lifecycle as JSON text, as the store writes them.
    const scored = (await Promise.all(leads.slice(0, 100).map(({ leadId }) => resolveLead(deps.store, leadId)))).flatMap((found) => (found?.score && found.lifecycle ? [found] : []));
    const versions = scored.map((found) => found.lifecycleVersion ?? 0);
    const replayRaw = await storeRate();
    const leadWritesPerSecond = await rawRate(2_000, (n) => {
      const i = n % scored.length;
      const { lead, lifecycle, score } = scored[i] as (typeof scored)[number];
      const version = versions[i] ?? 0;
      versions[i] = version + 1;
      return scorerWrite({
        PK: `LEAD#${lead.leadId}`,
        lifecycle: JSON.stringify(lifecycle),
        score: JSON.stringify({ ...score, scoredAt: new Date().toISOString() }),
        stage: stagePartition(lifecycle?.stage ?? 'lead'),
        version,
        hotness: `${n}#${lead.leadId}`,
      });
    });
    // What a score costs a write by its shape alone: the bare counter write carrying a scored
    // lead's score as a nested map, then as the JSON text the store keeps it as.
    const carrying = (shape: 'map' | 'text') => (n: number) => {
      const { score } = scored[n % scored.length] as (typeof scored)[number];
      return new UpdateCommand({
        ...rawWrite(n).input,
        UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one, score = :score',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':score': shape === 'map' ? score : JSON.stringify(score) },
      });
    };
    const scoreAsMapPerSecond = await rawRate(2_000, carrying('map'));
    const scoreAsTextPerSecond = await rawRate(2_000, carrying('text'));

    /**
     * The floor of jobs queued by event: only what no scorer can do without, raw, through the same
     * poller (its receives and deletes): a batch's leads (and the items its jobs do not carry, none
     * here) in one BatchGetItem, then each lead's scorer write replayed on its item as read, all at
     * once, through the stock client, as the raw write. No scoring, no notices, no history read.
     */
    const floor = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const jobs = event.Records.map((record) => ScoringJob.parse(JSON.parse(record.body)));
      const leadIds = [...new Set(jobs.map(({ leadId }) => leadId))];
      const Keys = [
        ...leadIds.map((leadId) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE' })),
        ...jobs.filter((job) => !job.event).map(({ id, leadId }) => ({ PK: `LEAD#${leadId}`, SK: `EVENT#${id}` })),
      ];
      const { Responses = {} } = await documentClient.send(new BatchGetCommand({ RequestItems: { [config.WINNOW_TABLE]: { Keys, ConsistentRead: true } } }));
      const profiles = (Responses[config.WINNOW_TABLE] ?? []).filter((item) => item.SK === 'PROFILE');
      // Batches at once may hold the same lead: the one whose write finds the version moved on is
      // done (the scorer would read and write again; the floor does no more than it must).
      await Promise.all(
        profiles.map((item) =>
          documentClient
            .send(scorerWrite({ PK: item.PK, lifecycle: item.lifecycle, score: item.score, stage: item.GSI3PK, version: Number(item.lifecycleVersion), hotness: `${process.hrtime.bigint()}#${String(item.PK)}` }))
            .catch((error: unknown) => {
              if (!(error instanceof ConditionalCheckFailedException) && (error as Error).name !== 'ConditionalCheckFailedException') throw error;
            }),
        ),
      );
      return { batchItemFailures: [] };
    };
    // The by-event run's leads (scored, their items at full size) and events, their jobs queued again in the same order, measured as the runs are.
    const floorRun = await measured(byEventJobs, LOCAL_BATCHES_AT_ONCE, floor);
    const floorSeconds = floorRun.took;
    const byLeadRun = await measured(await seed(byLead, 'by lead'), LOCAL_BATCHES_AT_ONCE);
    const byLeadSeconds = byLeadRun.took;
    const leadScorings = scorings - eventScorings;
    const byEventOneRun = await measured(await seed(byEventOne, 'by event'), 1);
    const byEventOneSeconds = byEventOneRun.took;
    const byLeadOneRun = await measured(await seed(byLeadOne, 'by lead'), 1);
    const byLeadOneSeconds = byLeadOneRun.took;

    // What the leads that qualify cost the run queued by event: the same run under a version of
    // the playbook whose grid gives every cell to marketing, so no lead qualifies and no effect is
    // owed; then the example playbook again, as a version of its own, for what follows. Published
    // through the scorer's store, so its cache sees each at once rather than within its TTL.
    const publishing = { ...deps, store: workers.store };
    const marketingOnly = { hot: 'marketing', warm: 'marketing', cold: 'marketing' };
    await publishDocument(publishing, 'playbook', playbook.id, { ...playbook, routing: { A: marketingOnly, B: marketingOnly, C: marketingOnly, D: marketingOnly } });
    const noneQualifyRun = await measured(await seed(noneQualify, 'by event'), LOCAL_BATCHES_AT_ONCE);
    const noneQualifySeconds = noneQualifyRun.took;
    await publishDocument(publishing, 'playbook', playbook.id, { ...playbook });
    const qualifiedLeads = (await Promise.all(leads.map(({ leadId }) => resolveLead(deps.store, leadId)))).filter((found) => (found?.lifecycle?.cycle ?? 0) > 0).length;

    // A bulk import into one lead (a backfill of its history): every event captured at once, so
    // none is settled and each batch folds ten more into the list on the lead, up to its cap.
    const bulkLead = 'bench-bulk-lead';
    await deps.store.saveLead(newLeadRecord(bulkLead, now), undefined);
    const bulkAt = new Date().toISOString();
    const bulk = Array.from({ length: BULK_EVENTS }, (_, i) => ({ eventId: `bulk-${i}`, leadId: bulkLead, fingerprint: `bulk-${i}`, type: pick(eventTypes), at: bulkAt, receivedAt: bulkAt, source: 'admin' as const }));
    await inParallel(BULK_EVENTS, (i) => deps.store.putEvent(bulk[i] as (typeof bulk)[number]));
    await deps.queue.enqueueAll(bulk.map(eventJob));
    const bulkScorings = scorings;
    const bulkSeconds = await drain(BULK_EVENTS, LOCAL_BATCHES_AT_ONCE);
    const bulkStored = await resolveLead(deps.store, bulkLead);

    // The core alone: the same 1,000 leads with their 10 events, best of several passes (JIT warm).
    let coreSeconds = Number.POSITIVE_INFINITY;
    for (let pass = 0; pass < CORE_PASSES; pass += 1) {
      const t = process.hrtime.bigint();
      for (const lead of leads) scoreLead(playbook, lead, now);
      coreSeconds = Math.min(coreSeconds, Number(process.hrtime.bigint() - t) / 1e9);
    }

    // Sanity: stored owners on a sample agree with what the core alone says of the same leads.
    const sample = leads.filter((_, i) => i % SAMPLE_EVERY === 0);
    const stored = await Promise.all(sample.map((lead) => resolveLead(deps.store, lead.leadId)));
    const storedSales = stored.filter((s) => s?.score?.owner === 'sales').length;
    const coreSales = sample.filter((lead) => scoreLead(playbook, lead, new Date()).owner === 'sales').length;

    const coreLeadsPerSecond = LEADS / coreSeconds;
    console.log(`\nqualify (scorer via local SQS poller, dynalite; ${LEADS} leads × ${EVENTS_PER_LEAD} events = ${JOBS} jobs)`);
    const runs: (Awaited<ReturnType<typeof measured>> & { queued: string; batches: number; scorings?: number; note?: string })[] = [
      { queued: 'by event', batches: LOCAL_BATCHES_AT_ONCE, ...byEventRun, scorings: eventScorings },
      { queued: 'by lead', batches: LOCAL_BATCHES_AT_ONCE, ...byLeadRun, scorings: leadScorings },
      { queued: 'by event', batches: 1, ...byEventOneRun },
      { queued: 'by lead', batches: 1, ...byLeadOneRun },
      { queued: 'by event', batches: LOCAL_BATCHES_AT_ONCE, ...noneQualifyRun, note: 'a playbook under which no lead qualifies' },
    ];
    console.table([
      { task: 'core: scoreLead in process (best of 20 passes)', 'leads/s': Math.round(coreLeadsPerSecond).toLocaleString('en-US'), 'jobs/s': '—', 'cost vs core': '1.00×' },
      ...runs.map(({ queued, batches, took, raw, rawAfter, paired, pairedCpu, parts, paces, scorings: scored, note }) => ({
        task: `queue + scorer, 10 jobs a lead queued ${queued}, ${batches === 1 ? '1 batch at a time' : `${batches} batches at once (npm start, as the stack's event source by default)`}${scored === undefined ? '' : `; ${scored} scorings`}${note ? `; ${note}` : ''}`,
        'leads/s': (LEADS / took).toFixed(1),
        'jobs/s': Math.round(JOBS / took),
        'cost vs core': `${Math.round(coreLeadsPerSecond / (LEADS / took)).toLocaleString('en-US')}×`,
        'raw write/s, store seeded': Math.round(raw),
        'vs raw, store seeded': `${(JOBS / took / raw).toFixed(2)}×`,
        'vs raw, store empty': `${(JOBS / took / rawPerSecond).toFixed(2)}×`,
        'raw write/s after': Math.round(rawAfter),
        'vs raw, before & after': `${(JOBS / took / ((raw + rawAfter) / 2)).toFixed(2)}×`,
        'vs raw, each fifth beside its own': `${paired.toFixed(2)}×`,
        'the fifths': parts.join(' '),
        'raw write/s around the fifths': paces.join(' '),
        'vs raw, CPU time': `${pairedCpu.toFixed(2)}×`,
      })),
    ]);
    console.log(
      `raw = a conditional UpdateItem, ${RAW_CONCURRENCY} at a time, same store (goal: scorer jobs/s ≥ 0.5× it), measured on the store twice: empty, at the start, ${Math.round(rawPerSecond)}/s; ` +
        'and seeded, just before each run, with the leads and events that run scores (the state the scorer works in); ' +
        `each run is queued and drained in ${SEGMENTS} fifths, a full garbage collection before each fifth and each raw measurement, the raw write measured between them and after the last ('before & after': the run's jobs/s against the mean of the first and the last, ` +
        "'each fifth beside its own': the run's jobs over the raw writes the store would have made in each fifth's seconds at the pace around it, since a shared host's pace drifts within a minute; " +
        "'the fifths': each fifth's jobs/s against its own pace); " +
        "'CPU time': a raw write's CPU time (the whole process, servers and all) over a job's, fifth by fifth, which a host lending its cores to others does not move",
    );
    console.log(
      `the floor of jobs queued by event, ${LOCAL_BATCHES_AT_ONCE} batches at once (the same poller; each batch one BatchGetItem and each lead's scorer write replayed, nothing else), measured in fifths as the runs are: ${Math.round(JOBS / floorSeconds)} jobs/s, ` +
        `${floorRun.paired.toFixed(2)}× raw, each fifth beside its own (fifths ${floorRun.parts.join(' ')}; raw write/s around them ${floorRun.paces.join(' ')}); ` +
        `the scorer queued by event reaches ${(byEventRun.paired / floorRun.paired).toFixed(2)}× the floor, ${(noneQualifyRun.paired / floorRun.paired).toFixed(2)}× under a playbook under which no lead qualifies (each run's paired ratio over the floor's)`,
    );
    console.log(
      `leads that qualified in the run queued by event (${LOCAL_BATCHES_AT_ONCE} batches at once): ${qualifiedLeads} of ${LEADS}; with their effects the run took ${seconds.toFixed(1)} s, ` +
        `${noneQualifySeconds.toFixed(1)} s with none qualifying: about ${(((seconds - noneQualifySeconds) / Math.max(1, qualifiedLeads)) * 1000).toFixed(1)} ms of the run a qualifying lead`,
    );
    console.log(
      `the raw write carrying a scored lead's score, same store: as a nested map ${Math.round(scoreAsMapPerSecond)}/s (${(scoreAsMapPerSecond / replayRaw).toFixed(2)}× the raw write measured before the replay below), ` +
        `as JSON text, as the store keeps it, ${Math.round(scoreAsTextPerSecond)}/s (${(scoreAsTextPerSecond / replayRaw).toFixed(2)}×)`,
    );
    console.log(
      `raw conditional UpdateItem of a scored lead's lifecycle and score (the scorer's own write, replayed), same store: ${Math.round(leadWritesPerSecond)}/s, ` +
        `${(leadWritesPerSecond / replayRaw).toFixed(2)}× the raw write measured just before it (${Math.round(replayRaw)}/s), ${(leadWritesPerSecond / rawPerSecond).toFixed(2)}× the empty store's; scorer jobs/s = ${(JOBS / seconds / leadWritesPerSecond).toFixed(2)}× that queued by event`,
    );
    console.log(
      `raw conditional UpdateItem, the same, through the functions' own client setup (tableClient: no logging step, middleware resolved once): ${Math.round(tunedRawPerSecond)}/s ` +
        `(${(tunedRawPerSecond / rawPerSecond).toFixed(2)}× the stock client's); scorer jobs/s = ${(JOBS / seconds / tunedRawPerSecond).toFixed(2)}× that queued by event, ${(JOBS / byLeadSeconds / tunedRawPerSecond).toFixed(2)}× queued by lead`,
    );
    const bulkCounted = Object.values(bulkStored?.score?.tally?.types ?? {}).reduce((sum, { count }) => sum + count, 0);
    console.log(
      `bulk import into one lead: ${BULK_EVENTS} events captured at once, ${LOCAL_BATCHES_AT_ONCE} batches at once (each batch of one lead's a scoring; batches at once may race for it and score again), ${Math.round(BULK_EVENTS / bulkSeconds)} jobs/s (${(BULK_EVENTS / bulkSeconds / rawPerSecond).toFixed(2)}× raw, store empty), ` +
        `${scorings - bulkScorings} scorings, ${bulkCounted} events counted, ${bulkStored?.score?.folded?.length ?? 0} listed beyond the watermark`,
    );
    await historyCost(store, (job) => scoreJob({ store, mailer: { send: async () => 'id' }, now: deps.now, publicUrl: config.WINNOW_PUBLIC_URL }, job), eventTypes[0] ?? 'page_view');
    console.log(`${5 * JOBS} scoring jobs in ${(seconds + byLeadSeconds + byEventOneSeconds + byLeadOneSeconds + noneQualifySeconds).toFixed(1)} s; ${failed} batch-item failures; ${sent.length} emails recorded; ${errors.length} poller errors${errors[0] ? ` (first: ${errors[0]})` : ''}`);
    console.log(`owned by sales in a sample of ${sample.length}: ${storedSales} stored, ${coreSales} by the core alone`);
  } finally {
    sqsClient.destroy();
    await servers.close();
  }
};
