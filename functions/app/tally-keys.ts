import type { ActivityKind } from './ports/activity.js';

/** How a lead's score names an item its tally folded in (`score.folded`): the scorer writes them, the outcome record reads them. */
export const foldedKey = (kind: ActivityKind, leadId: string, id: string): string => `${kind === 'submission' ? 's' : 'e'}:${leadId}/${id}`;
