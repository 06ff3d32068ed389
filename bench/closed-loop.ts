import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import { createAdapters } from '../functions/adapters/clients.js';
import { readConfig } from '../functions/adapters/config.js';
import { keys } from '../functions/adapters/dynamodb/keys.js';
import { TABLE_INDEXES } from '../functions/adapters/dynamodb/table.js';
import { exportLeads } from '../functions/app/export-leads.js';
import { calibration } from '../functions/app/outcomes.js';
import { OUTCOMES, PlaybookSchema } from '../functions/core/index.js';
import { clientConfig, ensureTable, startDynamo } from '../infra/local/servers.js';
import { readFile } from 'node:fs/promises';

/** `WINNOW_BENCH_LEADS` leads (100,000 by default), each with one decided or open cycle. */
const LEADS = Number(process.env.WINNOW_BENCH_LEADS ?? 100_000);
const DAY_MS = 86_400_000;
const START = Date.parse('2026-09-01T00:00:00.000Z');

const SIZES = ['1-10', '11-50', '51-200', '201+'];
const ROLES = ['decision_maker', 'influencer', 'user'];
const TIMEFRAMES = ['now', '3m', '6m', 'later'];
const TYPES = ['page_view', 'pricing_view', 'download', 'webinar_attended', 'email_click'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Lead `i`: a profile as the store writes it, and its first cycle's outcome record. */
const itemsOf = (i: number) => {
  const leadId = `bench_${String(i).padStart(8, '0')}`;
  const at = new Date(START + (i % 90) * DAY_MS + i).toISOString();
  const answers = { email: `lead${i}@example.com`, company_size: pick(SIZES, i), role: pick(ROLES, i >> 2), timeframe: pick(TIMEFRAMES, i >> 4), budget: (i % 10) * 10_000 };
  const outcome = pick(OUTCOMES, (i * 7) >> 3);
  const profile = {
    ...keys.lead(leadId),
    leadId,
    createdAt: at,
    updatedAt: at,
    answers,
    answeredAt: Object.fromEntries(Object.keys(answers).map((field) => [field, at])),
    skipped: {},
    submissionIds: ['s1', 's2'],
    mergedFrom: [],
    version: 2,
    source: { formId: 'demo-request', utmSource: pick(['newsletter', 'ads', 'partner'], i) },
  };
  const record = {
    ...keys.outcome(leadId, 1),
    ...keys.outcomeListing(at, leadId, 1),
    leadId,
    cycle: 1,
    qualifiedAt: at,
    handRaiser: i % 11 === 0,
    playbookId: 'default',
    playbookVersion: 1,
    grade: pick(['A', 'B', 'C'], i >> 1),
    band: pick(['hot', 'warm', 'cold'], i >> 3),
    fitPoints: 6 + (i % 7),
    interestScore: i % 60,
    answers,
    events: Array.from({ length: 1 + (i % 12) }, (_, n) => ({ type: pick(TYPES, i + n), at: new Date(Date.parse(at) - n * 3_600_000).toISOString() })),
    outcome,
    ...(outcome === 'returned' ? { reason: pick(['no budget', 'too small', 'bad timing'], i), decidedAt: at } : outcome === 'open' ? {} : { decidedAt: at }),
    formId: 'demo-request',
    revision: outcome === 'open' ? 1 : 2,
  };
  return [profile, record];
};

const seed = async (client: DynamoDBDocumentClient, table: string): Promise<void> => {
  let next = 0;
  let reported = 0;
  const writer = async () => {
    while (next < LEADS) {
      const batch: Record<string, unknown>[] = [];
      while (batch.length < 24 && next < LEADS) batch.push(...itemsOf(next++));
      let pending: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending?.length) {
        const output = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = output.UnprocessedItems?.[table] as typeof pending;
      }
      if (next - reported >= 20_000 || (next === LEADS && reported < LEADS)) {
        reported = next;
        process.stderr.write(`  seeded ${next.toLocaleString('en-US')} of ${LEADS.toLocaleString('en-US')} leads\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
};

/** Wall time and the heap's peak over a call, sampled every 20 ms (after a GC when node runs with --expose-gc). */
const measure = async <T>(call: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> => {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const start = process.hrtime.bigint();
  try {
    const value = await call();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
};

/**
 * The closed loop at scale: the calibration report over 100,000 outcome records and the CSV
 * export of 100,000 leads on the local store, each beside a raw read of the same items (a
 * Query of the records; a Scan of the table) in the same run, with time and heap.
 */
export const closedLoopBench = async (): Promise<void> => {
  const dynamo = await startDynamo();
  try {
    const config = readConfig({ WINNOW_DYNAMODB_ENDPOINT: dynamo.url, WINNOW_SCORING_QUEUE_URL: 'http://127.0.0.1:9/queue/unused', WINNOW_ADMIN_TOKEN: 'bench-admin-token-0123456789' });
    await ensureTable(dynamo.url, config.WINNOW_TABLE);
    const raw = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(dynamo.url)));
    const { store } = createAdapters(config);
    const seeding = await measure(() => seed(raw, config.WINNOW_TABLE));
    await store.publishDocument({ kind: 'playbook', id: 'default', version: 1, document: PlaybookSchema.parse(JSON.parse(await readFile(new URL('../playbooks/default.json', import.meta.url), 'utf8'))), publishedAt: new Date(START).toISOString() });
    const now = () => new Date(START + 100 * DAY_MS);
    const period = { from: new Date(START).toISOString(), to: now().toISOString() };

    const rawQuery = await measure(async () => {
      let items = 0;
      const pages = paginateQuery(
        { client: raw },
        { TableName: config.WINNOW_TABLE, IndexName: TABLE_INDEXES.stage.name, KeyConditionExpression: 'GSI3PK = :p AND GSI3SK BETWEEN :from AND :to', ExpressionAttributeValues: { ':p': 'OUTCOMES', ':from': period.from, ':to': `${period.to}~` } },
      );
      for await (const page of pages) items += page.Items?.length ?? 0;
      return items;
    });
    const report = await measure(() => calibration({ store, now }, period));
    const rawScan = await measure(async () => {
      let items = 0;
      for await (const page of paginateScan({ client: raw }, { TableName: config.WINNOW_TABLE })) items += page.Items?.length ?? 0;
      return items;
    });
    const exported = await measure(async () => {
      let cursor: string | undefined;
      let rows = 0;
      let bytes = 0;
      let pages = 0;
      do {
        const page = await exportLeads({ store, now }, {}, cursor);
        rows += page.leads;
        bytes += Buffer.byteLength(page.csv);
        pages += 1;
        cursor = page.cursor;
      } while (cursor);
      return { rows, bytes, pages };
    });
    if (report.value.baseline.mqls !== LEADS) throw new Error(`the report counted ${report.value.baseline.mqls} MQLs of ${LEADS}`);
    if (exported.value.rows !== LEADS) throw new Error(`the export wrote ${exported.value.rows} rows of ${LEADS}`);

    const row = (task: string, m: { seconds: number; peakMb: number }, base?: { seconds: number }) => ({
      task,
      seconds: m.seconds.toFixed(2),
      'heap peak (MB)': m.peakMb.toFixed(0),
      'vs raw read': base ? `${(m.seconds / base.seconds).toFixed(2)}×` : '1.00×',
    });
    console.log(`\nclosed loop (${LEADS.toLocaleString('en-US')} leads and outcome records on dynalite, seeded in ${seeding.seconds.toFixed(0)} s)`);
    console.table([
      row(`raw Query of the period's ${rawQuery.value.toLocaleString('en-US')} outcome records`, rawQuery),
      row('calibration report (GET /v1/admin/reports/calibration)', report, rawQuery),
      row(`raw Scan of the table (${rawScan.value.toLocaleString('en-US')} items)`, rawScan),
      row(`CSV export, ${exported.value.pages} pages, ${(exported.value.bytes / 2 ** 20).toFixed(1)} MB`, exported, rawScan),
    ]);
    raw.destroy();
  } finally {
    await dynamo.close();
  }
};
