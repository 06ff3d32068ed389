/**
 * `build` run on its first call, its answer kept: how a zod schema that a function's hot path
 * seldom or never reads stays out of its init. esbuild leaves out of a bundle every
 * `/* @__PURE__ *\/ once(…)` it never reads; one it reads but calls only on a rare path (a
 * list's cursor, an erase, a kind of document) costs nothing until then. Every caller shares
 * one instance, as the OpenAPI document's `$ref`s need.
 */
export const once = <T>(build: () => T): (() => T) => {
  let built: T | undefined;
  return () => (built ??= build());
};

/**
 * `load` run on the first call, its answer kept: how a client that a function's hot path seldom
 * or never needs (SQS, SES) stays out of its init, and how one run reads a list once. A failed
 * load is tried again by the next call rather than kept.
 */
export const onFirstUse = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
};
