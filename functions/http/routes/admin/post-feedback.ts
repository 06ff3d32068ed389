import { ownerOf } from '../../../core/index.js';
import { giveFeedback } from '../../../app/give-feedback.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, feedbackBody, feedbackOut, leadParams } from '../../wire.js';

export const postFeedback = defineRoute({
  method: 'POST',
  path: '/v1/admin/leads/{leadId}/feedback',
  operationId: 'postLeadFeedback',
  summary: "Sales' decision: accept (→ SAL), reject with a reason (→ nurture), convert (→ SQL), or log a contact attempt",
  access: 'admin',
  params: leadParams,
  body: feedbackBody,
  responses: {
    200: { description: 'The lead after the decision', schema: feedbackOut },
    400: { description: 'A rejection without a reason', schema: errorOut },
    404: { description: 'No such lead', schema: errorOut },
    409: { description: 'Not possible from the lead’s stage (e.g. already accepted), or `follow_up_required`: more attempts first', schema: errorOut },
  },
  handle: async ({ params, body }, deps) => {
    const { rep, ...feedback } = body;
    const { leadId, lifecycle } = await giveFeedback(deps, params.leadId, { ...feedback, ...(rep ? { by: rep } : {}) });
    return { status: 200, body: { leadId, stage: lifecycle.stage, owner: ownerOf(lifecycle.stage), cycle: lifecycle.cycle, history: lifecycle.history } };
  },
});
