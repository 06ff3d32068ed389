/**
 * The one zod every function builds its schemas with: zod's tree-shakable build, with the English
 * messages the full build would load. The full build costs each function's cold start about three
 * times its module init and a third of its bundle. Import it as a namespace
 * (`import * as z from '…/core/zod.js'`): esbuild keeps only what the namespace's members reach,
 * which it cannot do for a namespace passed on as a value.
 */
import { config, type core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** The full build's names for the types the functions spell, so a signature reads the same in either build. */
export type { ZodMiniType as ZodType, ZodMiniObject as ZodObject } from 'zod/mini';
export type ZodError<T = unknown> = core.$ZodError<T>;
