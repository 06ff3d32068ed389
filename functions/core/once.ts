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
