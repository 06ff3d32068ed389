/**
 * The steps a visit will likely ask: this one, and as many more as the `remaining` questions
 * fill, `cap` (data-winnow-steps) at most. A first step is full whenever more remain, so its
 * size is the form's questionsPerStep.
 */
export const visitSteps = (remaining: number, perStep: number, cap: number): number => Math.min(cap, 1 + Math.ceil(remaining / (perStep || 1)));

/** "Step 2 of 3"; nothing when the visit asks one step only. */
export const progressText = (step: number, total: number): string => (total > 1 ? `Step ${step} of ${total}` : '');
