import { recordEvent } from '../../../app/record-event.js';
import { defineRoute, type BodyDependencies } from '../../framework/route.js';
import { emptyOut, errorOut, eventBody } from '../../wire.js';

export const postEvent = defineRoute({
  method: 'POST',
  path: '/v1/events',
  operationId: 'postEvent',
  summary: 'Report a behaviour from the browser (a type among the playbook’s publicEvents)',
  access: 'public',
  body: (deps: BodyDependencies) => eventBody(deps.now),
  responses: {
    202: { description: 'Stored and queued for scoring (or a replay of the same eventId with the same body)', schema: emptyOut },
    400: { description: 'Not valid, a type the browser may not report, or a leadId this server never issued', schema: errorOut },
    409: { description: 'This eventId was sent before with another body (idempotency_key_reused)', schema: errorOut },
    503: { description: 'The lead was erased again and again while the event was stored: send it again after Retry-After', schema: errorOut },
  },
  handle: async ({ body }, deps) => {
    await recordEvent(deps, body);
    return { status: 202, body: {} };
  },
});
