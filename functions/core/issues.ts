import type * as z from 'zod';

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

/**
 * JSON.parse keeps a `__proto__` key as an own property, but zod's records skip it without a
 * word: an answer or a document key would vanish while the input still passed.
 */
const prototypeKeys = (value: unknown, path: readonly PropertyKey[]): Issue[] => {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [
    ...(key === '__proto__' ? [{ path: pathOf([...path, key]), message: 'is not an allowed name' }] : []),
    ...prototypeKeys((value as Record<string, unknown>)[key], [...path, key]),
  ]);
};

export const parseWith = <S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): Parsed<z.output<S>> => {
  const refused = prototypeKeys(input, prefix);
  if (refused.length > 0) return { ok: false, issues: refused };
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: issuesFromZod(result.error, prefix) };
};
