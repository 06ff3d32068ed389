import { nextStep } from '../../../app/next-step.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, formParams, leadId, nextOut, type NextOut, nextQuery } from '../../wire.js';

export const getNext = defineRoute({
  method: 'GET',
  path: '/v1/forms/{formId}/next',
  operationId: 'getNextQuestions',
  summary: 'The next step of a form for a lead: its next unanswered questions',
  access: 'public',
  params: formParams,
  query: nextQuery,
  responses: {
    200: { description: 'The next questions; a new leadId when none, an unknown or an erased one was given', schema: nextOut },
    404: { description: 'No such form', schema: errorOut },
  },
  handle: async ({ params, query }, deps) => {
    const given = leadId().safeParse(query.leadId);
    const next: NextOut = await nextStep(deps, params.formId, given.success ? given.data : undefined);
    return { status: 200, body: next };
  },
});
