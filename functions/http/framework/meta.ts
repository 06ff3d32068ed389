import * as z from '../../core/zod.js';

/**
 * What the full build's `schema.meta(data)` did: a copy of `schema` named or described in the
 * global registry, for the OpenAPI document, `schema` itself left as it was, since many shapes
 * share one (`Count`, `LeadId`). Mini's `z.meta()` check would not do: it travels with the schema
 * into every copy later made of it (a `.check`, `z.extend`), its `id` too, so the document would
 * hold two schemas of one name, and `z.pick` refuses an object that carries it.
 */
export const meta = <S extends z.ZodType>(schema: S, data: z.core.GlobalMeta): S => {
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
};
