import * as z from './zod.js';

/** Field, criterion and event-type ids: snake_case, as a marketer types them in JSON and a column name holds them. */
export const snakeCaseId = () => z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must match ^[a-z][a-z0-9_]{0,63}$'));
