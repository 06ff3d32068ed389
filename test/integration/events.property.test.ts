import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSpecPlaybookInput } from '../helpers/factories.js';
import { bad, badClientId, badLeadId, type BadRequest, nonString, refuseEach, RUNS, trickyKey } from '../helpers/bad-requests.js';
import { publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const KIB16 = 16 * 1024;
const MINUTE = 60_000;
const YEAR = 365 * 24 * 60 * MINUTE;
const PUBLIC_EVENTS: readonly string[] = aSpecPlaybookInput().interest.publicEvents ?? [];

/** A browser event that is valid as it stands: each case below breaks one thing. */
const aValidEvent = (): Record<string, unknown> => ({ leadId: 'fuzz_lead_000000000000001', eventId: 'fuzz-event', type: 'page_view' });
const KNOWN_KEYS = ['leadId', 'eventId', 'type', 'at', 'properties'];

const withEvent = (overrides: Record<string, unknown>) => ({ ...aValidEvent(), ...overrides });

/** Not an event type at all (format), or a well-formed type the browser may not report. */
const badType = fc.oneof(
  fc.string({ maxLength: 70 }).filter((s) => !/^[a-z][a-z0-9_]{0,63}$/.test(s)),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/).filter((type) => !PUBLIC_EVENTS.includes(type)),
  fc.constantFrom('webinar_attended', 'email_click', 'form_submission', 'event_attended'),
  nonString,
);

const badProperties = fc.oneof(
  fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 10 }), fc.array(fc.integer(), { maxLength: 3 })),
  fc.integer({ min: 51, max: 80 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]))),
  fc.integer({ min: 65, max: 120 }).map((n) => ({ ['k'.repeat(n)]: 'v' })),
  fc.tuple(fc.string({ maxLength: 10 }), fc.oneof(fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }))).map(([key, value]) => ({ [key]: value })),
  fc.integer({ min: 1001, max: 4000 }).map((n) => ({ note: 'n'.repeat(n) })),
);

describe('POST /v1/events refuses every bad body (properties, local stack)', () => {
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
    const now = stack.clock.now().getTime();
    const badAt = fc.oneof(
      // Beyond the minute of clock skew the API forgives.
      fc.integer({ min: 2 * MINUTE, max: 20 * YEAR }).map((ahead) => new Date(now + ahead).toISOString()),
      fc.string({ maxLength: 30 }).filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d\d-\d\dT/.test(s)),
      fc.constantFrom('2025-02-30T10:00:00Z', '2025-03-01', '1 March 2025', '2025-03-01T12:00:00'),
      nonString,
    );
    const badRequests: fc.Arbitrary<BadRequest> = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('eventId' in v)).map(bad('any JSON value')),
      badLeadId.map((leadId) => bad('bad leadId')(withEvent({ leadId }))),
      fc.constantFrom('leadId', 'eventId', 'type').map((missing) => bad(`no ${missing}`)(Object.fromEntries(Object.entries(aValidEvent()).filter(([key]) => key !== missing)))),
      badClientId.map((eventId) => bad('bad eventId')(withEvent({ eventId }))),
      badType.map((type) => bad('bad type')(withEvent({ type }))),
      badAt.map((at) => bad('bad at')(withEvent({ at }))),
      badProperties.map((properties) => bad('bad properties')(withEvent({ properties }))),
      fc.tuple(trickyKey.filter((k) => !KNOWN_KEYS.includes(k)), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => bad('unknown key')(withEvent({ [key]: value }))),
      fc.integer({ min: KIB16 + 1, max: 3 * KIB16 }).map((size) => bad('over 16 KiB', 413)(withEvent({ properties: { note: 'x'.repeat(size) } }))),
      fc.nat({ max: 60 }).map((cut) => bad('malformed JSON')(JSON.stringify(aValidEvent()).slice(0, cut))),
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', undefined).map((type) => bad('not JSON', 415)(aValidEvent(), { 'content-type': type })),
    );
    const before = await stack.dumpTable();

    // Act & Assess (per run)
    const kinds = await refuseEach(badRequests, ({ body, headers }) => stack.http.post('/v1/events', body, headers ? { headers } : {}));

    // Assess (once)
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RUNS);
    expect(kinds.size).toBeGreaterThanOrEqual(12);
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });
});
