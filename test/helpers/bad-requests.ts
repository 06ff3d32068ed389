import fc from 'fast-check';
import { expect } from 'vitest';
import { SpecError, type ApiResponse } from './http.js';

/** The runs per property: the issue asks for at least 1,000 bad bodies per public route. */
export const RUNS = 1000;

export interface BadRequest {
  kind: string;
  body: unknown;
  headers?: Record<string, string | undefined>;
  status: 400 | 413 | 415;
}

/** A bad request of one kind, and the status the SPEC gives it. */
export const bad =
  (kind: string, status: BadRequest['status'] = 400) =>
  (body: unknown, headers?: BadRequest['headers']): BadRequest => ({ kind, body, status, ...(headers ? { headers } : {}) });

/** Keys that have tripped JavaScript parsers before, beside arbitrary ones. */
export const trickyKey = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'));

/** A value of any JSON type but string. */
export const nonString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }));

/** Not a client-made id (SPEC: 1–64 of [A-Za-z0-9_-]): empty, too long, a bad character, not a string. */
export const badClientId = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9_-]{65,120}$/),
  fc.string({ minLength: 1, maxLength: 64 }).filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s)),
  nonString,
);

/** Not a leadId Winnow issues (22–64 of [A-Za-z0-9_-]). */
export const badLeadId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{0,21}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{65,100}$/),
  fc.string({ minLength: 22, maxLength: 64 }).filter((s) => !/^[A-Za-z0-9_-]{22,64}$/.test(s)),
  nonString,
);

/**
 * Sends RUNS generated bad requests: each must get its own 4xx in the SPEC's error shape.
 * Answers how many of each kind were sent, so a test can check the generator covered them.
 */
export const refuseEach = async <R extends { kind: string; status: number }>(requests: fc.Arbitrary<R>, send: (request: R) => Promise<ApiResponse>): Promise<Map<string, number>> => {
  const kinds = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(requests, async (request) => {
      kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
      const response = await send(request);
      expect(response.status, `${request.kind}: ${JSON.stringify(response.body)}`).toBe(request.status);
      expect(SpecError.safeParse(response.body).success, JSON.stringify(response.body)).toBe(true);
    }),
    { numRuns: RUNS },
  );
  return kinds;
};
