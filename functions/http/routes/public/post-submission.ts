import { submitStep } from '../../../app/submit-step.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, formParams, submissionBody, submissionOut } from '../../wire.js';

export const postSubmission = defineRoute({
  method: 'POST',
  path: '/v1/forms/{formId}/submissions',
  operationId: 'postSubmission',
  summary: 'Submit one step of a form; stored at once, scored asynchronously',
  access: 'public',
  params: formParams,
  body: submissionBody,
  responses: {
    202: { description: 'Stored and queued for scoring (or a replay of the same submissionId with the same body)', schema: submissionOut },
    400: { description: 'An answer is not valid (each issue names its field), or a leadId this server never issued', schema: errorOut },
    404: { description: 'No such form', schema: errorOut },
    409: { description: 'This submissionId was sent before with another body (idempotency_key_reused)', schema: errorOut },
    503: { description: 'The lead is busy with other steps: the step is stored; send it again after Retry-After', schema: errorOut },
  },
  handle: async ({ params, body }, deps) => ({ status: 202, body: await submitStep(deps, params.formId, body) }),
});
