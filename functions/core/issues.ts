import type * as z from './zod.js';

/** A problem a user caused, named by where it is: the SPEC's `{path, message}`. */
export interface Issue {
  path: string;
  message: string;
}

export const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** Zod's issues as the SPEC's; an unknown property is named by its own path, so an editor can find it. */
export const issuesFromZod = (error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...prefix, ...issue.path, key]), message: `unknown property "${key}"` }))
      : [{ path: pathOf([...prefix, ...issue.path]), message: issue.message }],
  );

/** Either the parsed value or every problem found, so callers never throw on user input. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Bodies and documents are a few levels deep; DynamoDB nests a stored map 32 levels at most. */
export const MAX_DEPTH = 32;

/**
 * JSON.parse keeps a `__proto__` key as an own property, but zod's records skip it without a
 * word: an answer or a document key would vanish while the input still passed. An own
 * `constructor` key makes the DynamoDB marshaller refuse the whole item; `prototype` is
 * refused with them, since no field, option or event type needs one of these names.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * What DynamoDB can keep of a number: the SDK refuses to write one beyond ±2^53 (it could not read
 * it back exactly), and DynamoDB one nearer zero than 1e-130 ("Number underflow").
 */
const SMALLEST_STORED = 1e-130;

const numberIssue = (n: number): string | undefined => {
  if (!Number.isFinite(n)) return 'must be a finite number';
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return `is too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})`;
  if (n !== 0 && Math.abs(n) < SMALLEST_STORED) return `is too close to zero to store (at least ${SMALLEST_STORED} away from it)`;
  return undefined;
};

/**
 * What no schema can say, checked before any schema runs: nesting beyond `MAX_DEPTH`, reserved
 * keys and numbers the store cannot keep. Iterative, so input nested thousands deep (a 16 KiB
 * body can nest 8,000 arrays) is one issue rather than a stack overflow.
 */
const hostileParts = (input: unknown, prefix: readonly PropertyKey[]): Issue[] => {
  const issues: Issue[] = [];
  const pending: { value: unknown; path: readonly PropertyKey[]; depth: number }[] = [{ value: input, path: prefix, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'number') {
      const message = numberIssue(value);
      if (message) issues.push({ path: pathOf(path), message });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) {
      issues.push({ path: pathOf(path), message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      if (RESERVED_KEYS.includes(key)) issues.push({ path: pathOf([...path, key]), message: 'is a reserved name' });
    }
    // Last key first onto the stack, so what lies inside is reported in the document's order.
    for (const key of keys.reverse()) pending.push({ value: (value as Record<string, unknown>)[key], path: [...path, key], depth: depth + 1 });
  }
  return issues;
};

export const parseWith = <S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): Parsed<z.output<S>> => {
  const refused = hostileParts(input, prefix);
  if (refused.length > 0) return { ok: false, issues: refused };
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: issuesFromZod(result.error, prefix) };
};
