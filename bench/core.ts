import { Bench } from 'tinybench';
import { DAY_MS, FormSchema, PlaybookSchema, nextQuestions, scoreLead, type Answers, type LeadEvent, type LeadProfile } from '../functions/core/index.js';

const CRITERIA = 40;
const EVENTS_PER_LEAD = 200;
const LEADS = 1_000;
const EVENT_TYPES = ['page_view', 'pricing_view', 'content_download', 'webinar_attended', 'email_open', 'email_click', 'event_attended', 'form_submission'];
const now = new Date('2026-11-23T12:00:00Z');

/** A deterministic generator, so every run scores the same population. */
const random = (() => {
  let seed = 42;
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
})();

const options = ['a', 'b', 'c', 'd'];
const playbook = PlaybookSchema.parse({
  id: 'bench',
  fit: {
    criteria: Array.from({ length: CRITERIA }, (_, i) =>
      i % 2 === 0
        ? { id: `c${i}`, field: `f${i}`, points: { a: 3, b: 2, c: 1, '*': 0 } }
        : { id: `c${i}`, field: `f${i}`, ranges: [{ min: 1_000, points: 3 }, { min: 100, points: 2 }, { min: 1, points: 1 }] },
    ),
    grades: { A: 90, B: 60, C: 30 },
  },
  interest: {
    events: Object.fromEntries(EVENT_TYPES.map((type, i) => [type, i + 1])),
    caps: { page_view: 10 },
    halfLifeDays: 30,
    bands: { hot: 40, warm: 15 },
  },
  routing: Object.fromEntries(['A', 'B', 'C', 'D'].map((g) => [g, { hot: 'sales', warm: g === 'D' ? 'marketing' : 'sales', cold: 'marketing' }])),
});

const leads = Array.from({ length: LEADS }, () => {
  const answers: Answers = {};
  for (let i = 0; i < CRITERIA; i += 1) answers[`f${i}`] = i % 2 === 0 ? (options[Math.floor(random() * 4)] ?? 'a') : Math.floor(random() * 2_000);
  const events: LeadEvent[] = Array.from({ length: EVENTS_PER_LEAD }, () => ({
    type: EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)] ?? 'page_view',
    at: new Date(now.getTime() - random() * 180 * DAY_MS).toISOString(),
  }));
  return { answers, events };
});

const form = FormSchema.parse({
  id: 'bench-form',
  title: 'Bench',
  questionsPerStep: 3,
  questions: Array.from({ length: CRITERIA }, (_, i) => ({
    id: `f${i}`,
    type: 'select',
    label: `Question ${i}`,
    required: i < 2,
    options: options.map((value) => ({ value, label: value })),
    ...(i > 0 && i % 5 === 0 ? { askIf: { field: `f${i - 1}`, notIn: ['d'] } } : {}),
  })),
});
const profiles: LeadProfile[] = leads.map(({ answers }, n) => ({
  answers: Object.fromEntries(Object.entries(answers).filter(([, v], i) => i < n % CRITERIA && typeof v === 'string')),
  skipped: {},
}));

export const coreBench = async (): Promise<Bench> => {
  let l = 0;
  let p = 0;
  const bench = new Bench({ name: 'core', time: 1_000, warmupTime: 200 });
  bench
    .add('baseline: structuredClone of one lead (40 answers, 200 events)', () => {
      structuredClone(leads[(l = (l + 1) % LEADS)]);
    })
    .add(`scoreLead: ${CRITERIA} criteria, ${EVENTS_PER_LEAD} events`, () => {
      scoreLead(playbook, leads[(l = (l + 1) % LEADS)] ?? { answers: {}, events: [] }, now);
    })
    .add(`nextQuestions: ${CRITERIA}-question form`, () => {
      nextQuestions(form, profiles[(p = (p + 1) % LEADS)] ?? { answers: {}, skipped: {} });
    });
  await bench.run();
  return bench;
};
