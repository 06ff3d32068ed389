/**
 * The one zod every function builds its schemas with: zod's tree-shakable build, with the English
 * messages the full build would load. The full build costs each function's cold start about three
 * times its module init and a third of its bundle. Import it as a namespace
 * (`import * as z from '…/core/zod.js'`): esbuild keeps only what the namespace's members reach,
 * which it cannot do for a namespace passed on as a value.
 */
import { config, globalRegistry, type core, type ZodMiniType } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** The full build's names for the types the functions spell, so a signature reads the same in either build. */
export type { ZodMiniType as ZodType, ZodMiniObject as ZodObject } from 'zod/mini';
export type ZodError<T = unknown> = core.$ZodError<T>;

/**
 * What the full build's `schema.meta(data)` did: a copy of `schema` named or described in the
 * global registry, for the JSON Schemas and the OpenAPI document, `schema` itself left as it was,
 * since many shapes share one (`Count`, `LeadId`, `Owner`). It takes the place of mini's `z.meta()`
 * check in this namespace, so that check cannot be written: it travels with the schema into every
 * copy later made of it (a `.check`, `z.extend`), its `id` too, so a document would hold two
 * schemas of one name, and `z.pick` refuses an object that carries it. `.register()` would not do
 * either: it names the schema itself, shared ones included.
 */
export const meta = <S extends ZodMiniType>(schema: S, data: core.GlobalMeta): S => {
  const copy = schema.clone();
  globalRegistry.add(copy, data);
  return copy;
};
