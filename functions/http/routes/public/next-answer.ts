import * as z from 'zod';
import { FormSchema } from '../../../core/index.js';
import { NextOut } from '../../wire.js';

/**
 * SPEC `GET /v1/forms/{formId}/next`: the form's next step, and what the widget needs to show
 * the visit's progress ("Step 1 of 2"), name its last button and link its thank-you.
 */
export const NextAnswer = NextOut.extend({
  questionsPerStep: z.int().positive().meta({ description: 'How many unanswered questions each step shows.' }),
  submitLabel: FormSchema.shape.submitLabel,
  thankYouUrl: FormSchema.shape.thankYouUrl,
  remaining: z
    .int()
    .nonnegative()
    .meta({ description: "Unanswered, unskipped questions of this form whose askIf holds now, beyond this step's; 0 when complete." }),
}).meta({ id: 'NextQuestions', description: 'The form and the next step of it this lead is asked.' });
export type NextAnswer = z.output<typeof NextAnswer>;
