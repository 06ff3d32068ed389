import * as z from '../functions/core/zod.js';
import { FormSchema } from '../functions/core/form.js';
import { PlaybookSchema } from '../functions/core/playbook.js';
import { TeamSchema } from '../functions/core/team.js';

const describe = (schema: z.ZodType, title: string) => ({
  // Draft-07 is the newest draft every common editor autocompletes from.
  ...z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }),
  title,
});

/** The JSON Schemas marketers' editors validate against, from the same zod the API parses with. */
export const jsonSchemas = () => ({
  form: describe(FormSchema, 'Winnow form: an ordered question sequence'),
  playbook: describe(PlaybookSchema, 'Winnow playbook: how leads are scored, graded and routed'),
  team: describe(TeamSchema, 'Winnow team: sales reps, pools, hours and load'),
});
