import * as z from 'zod';
import { DECISIONS, ownerOf } from '../../../core/index.js';
import { applyFeedback } from '../../../app/give-feedback.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut, LeadParams } from '../../wire.js';

const FeedbackBody = z.strictObject({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const postFeedback = defineRoute({
  method: 'POST',
  path: '/v1/admin/leads/{leadId}/feedback',
  summary: "Sales' decision: accept (→ SAL), reject with a reason (→ nurture), convert (→ SQL)",
  access: 'admin',
  params: LeadParams,
  body: FeedbackBody,
  responses: {
    200: { description: 'The lead after the decision' },
    400: { description: 'A rejection without a reason', schema: ErrorOut },
    404: { description: 'No such lead', schema: ErrorOut },
    409: { description: 'Not possible from the lead’s stage (e.g. already accepted)', schema: ErrorOut },
  },
  handle: async ({ params, body }, deps) => {
    const { leadId, lifecycle } = await applyFeedback(deps, params.leadId, { decision: body.decision, ...(body.reason ? { reason: body.reason } : {}) });
    return { status: 200, body: { leadId, stage: lifecycle.stage, owner: ownerOf(lifecycle.stage), cycle: lifecycle.cycle, history: lifecycle.history } };
  },
});
