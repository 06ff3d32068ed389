import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_SIZES, ROLES, TIMEFRAMES } from '../helpers/factories.js';
import { bad, badClientId, badLeadId, type BadRequest, nonString, refuseEach, RUNS, trickyKey } from '../helpers/bad-requests.js';
import { publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const KIB16 = 16 * 1024;

/** A step of the SPEC's demo-request form that is valid as it stands: each case below breaks one thing. */
const aValidStep = (): Record<string, unknown> => ({ submissionId: 'fuzz-submission', answers: { email: 'fuzz@example.com', company_size: '11-50' } });
const KNOWN_KEYS = ['leadId', 'submissionId', 'answers', 'context', '_hp'];
const FIELDS = ['email', 'company_size', 'role', 'timeframe', 'budget'];

const withStep = (overrides: Record<string, unknown>) => ({ ...aValidStep(), ...overrides });
const withAnswers = (answers: Record<string, unknown>) => withStep({ answers: { email: 'fuzz@example.com', ...answers } });

const notBlank = (value: unknown) => value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);
const notAnOptionOf = (options: readonly string[]) =>
  fc.oneof(
    fc.string({ maxLength: 40 }).filter((s) => s.trim() !== '' && !options.includes(s)),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.constantFrom(...options), { minLength: 1, maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  );

/** An answer each field of demo-request must refuse (never a blank one: blanks are skips, not errors). */
const badAnswer: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(
    fc.constant('email'),
    fc.oneof(
      fc.string({ maxLength: 60 }).filter((s) => s.trim() !== '' && !s.includes('@')),
      fc.integer({ min: 501, max: 2000 }).map((n) => `${'a'.repeat(n)}@example.com`),
      nonString.filter(notBlank),
    ),
  ),
  fc.tuple(fc.constant('company_size'), notAnOptionOf(COMPANY_SIZES)),
  fc.tuple(fc.constant('role'), notAnOptionOf(ROLES)),
  fc.tuple(fc.constant('timeframe'), notAnOptionOf(TIMEFRAMES)),
  fc.tuple(
    fc.constant('budget'),
    fc.oneof(
      fc.integer({ max: -1 }),
      fc.double({ min: -1e12, max: -1e-6, noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 20 }).filter((s) => s.trim() !== '' && !/^-?\d+(\.\d+)?$/.test(s.trim())),
      fc.boolean(),
      fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
    ),
  ),
);

const badContext = fc.oneof(
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
  fc.string({ maxLength: 20 }),
  fc.record({ pageUrl: fc.integer({ min: 2049, max: 4000 }).map((n) => 'x'.repeat(n)) }),
  fc.record({ referrer: nonString.filter((v) => v !== undefined) }),
  fc
    .dictionary(trickyKey.filter((k) => !['pageUrl', 'referrer', 'utm'].includes(k)), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 3 })
    .filter((context) => Object.keys(context).length > 0),
  fc.record({
    utm: fc
      .dictionary(fc.string({ maxLength: 12 }).filter((k) => !/^utm_[a-z_]{1,32}$/.test(k)), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 2 })
      .filter((utm) => Object.keys(utm).length > 0),
  }),
  fc.record({ utm: fc.record({ utm_source: fc.oneof(fc.integer(), fc.integer({ min: 201, max: 400 }).map((n) => 's'.repeat(n))) }) }),
);

const badRequests: fc.Arbitrary<BadRequest> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('answers' in v)).map(bad('any JSON value')),
  badClientId.map((submissionId) => bad('bad submissionId')(withStep({ submissionId }))),
  fc.constant(null).map(() => bad('no submissionId')({ answers: aValidStep().answers })),
  badLeadId.map((leadId) => bad('bad leadId')(withStep({ leadId }))),
  fc.tuple(trickyKey.filter((k) => !KNOWN_KEYS.includes(k)), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => bad('unknown key')(withStep({ [key]: value }))),
  fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })).map((answers) => bad('answers not an object')(withStep({ answers }))),
  badAnswer.map(([field, value]) => bad(`bad ${field}`)(withAnswers({ [field]: value }))),
  fc.tuple(trickyKey.filter((k) => !FIELDS.includes(k)), fc.jsonValue({ maxDepth: 1 }).filter(notBlank)).map(([field, value]) => bad('unknown field')(withAnswers({ [field]: value }))),
  fc.constantFrom('', '   ', null, []).map((email) => bad('blank required email')(withStep({ answers: { email, company_size: '1-10' } }))),
  badContext.map((context) => bad('bad context')(withStep({ context }))),
  fc.oneof(nonString.filter(notBlank), fc.integer({ min: 1001, max: 3000 }).map((n) => 'h'.repeat(n))).map((_hp) => bad('bad honeypot')(withStep({ _hp }))),
  fc.integer({ min: KIB16 + 1, max: 3 * KIB16 }).map((size) => bad('over 16 KiB', 413)(withStep({ context: { pageUrl: 'x'.repeat(size) } }))),
  fc.nat({ max: 60 }).map((cut) => bad('malformed JSON')(JSON.stringify(aValidStep()).slice(0, cut))),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', undefined).map((type) => bad('not JSON', 415)(aValidStep(), { 'content-type': type })),
);

describe('POST /v1/forms/{formId}/submissions refuses every bad body (properties, local stack)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  it(`answers each of ${RUNS} generated bad bodies with its 4xx in the SPEC's error shape, and stores and queues nothing`, { timeout: 120_000 }, async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act & Assess (per run)
    const kinds = await refuseEach(badRequests, ({ body, headers }) => stack.http.post('/v1/forms/demo-request/submissions', body, headers ? { headers } : {}));

    // Assess (once)
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RUNS);
    expect(kinds.size).toBeGreaterThanOrEqual(12);
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });
});
