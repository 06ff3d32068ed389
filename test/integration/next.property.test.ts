import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNS, refuseEach } from '../helpers/bad-requests.js';
import { publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

const PUBLISHED = ['demo-request', 'ebook-download'];
const DOCUMENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

interface BadQuery {
  kind: string;
  formId: string;
  query: Record<string, string>;
  status: 400 | 404;
}

/**
 * Query parameters the route ignores, sent beside the bad one (utm tags, cache busters).
 * No reserved name (`__proto__`, `constructor`, `prototype`) is one: each is refused on its own
 * (400), whatever else is wrong.
 */
const extraParameters = fc.dictionary(
  fc.stringMatching(/^[a-z_]{1,12}$/).filter((name) => !['leadId', '__proto__', 'constructor', 'prototype'].includes(name)),
  fc.string({ maxLength: 20 }),
  { maxKeys: 3 },
);

const badQueries: fc.Arbitrary<BadQuery> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...PUBLISHED), fc.integer({ min: 201, max: 4000 }), fc.constantFrom('a', 'Z', '-', '%', 'é'), extraParameters)
    .map(([formId, length, unit, extra]) => ({ kind: 'leadId over 200 characters', formId, query: { ...extra, leadId: unit.repeat(length) }, status: 400 as const })),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 80 }).filter((id) => !DOCUMENT_ID.test(id)), extraParameters)
    .map(([formId, extra]) => ({ kind: 'formId not an id', formId, query: extra, status: 400 as const })),
  fc
    .tuple(fc.stringMatching(DOCUMENT_ID).filter((id) => !PUBLISHED.includes(id)), fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{0,200}$/), { nil: undefined }), extraParameters)
    .map(([formId, leadId, extra]) => ({ kind: 'unknown form', formId, query: { ...extra, ...(leadId === undefined ? {} : { leadId }) }, status: 404 as const })),
);

describe('GET /v1/forms/{formId}/next refuses every bad request (properties, local stack)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  it(`answers each of ${RUNS} generated bad requests with its 4xx in the SPEC's error shape, and stores nothing`, { timeout: 120_000 }, async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act & Assess (per run)
    const kinds = await refuseEach(badQueries, ({ formId, query }) => stack.http.get(`/v1/forms/${encodeURIComponent(formId)}/next`, { query }));

    // Assess (once)
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(RUNS);
    expect(kinds.size).toBe(3);
    expect(await stack.dumpTable()).toEqual(before);
  });
});
