import { importEvents } from '../../../app/import-events.js';
import { defineRoute, type BodyDependencies } from '../../framework/route.js';
import { acceptedEventsOut, adminEventsBody, errorOut } from '../../wire.js';

export const postAdminEvents = defineRoute({
  method: 'POST',
  path: '/v1/admin/events',
  operationId: 'postAdminEvents',
  summary: 'Behaviour from email, webinar and event tools, by leadId or email (≤ 100 per request)',
  access: 'admin',
  body: (deps: BodyDependencies) => adminEventsBody(deps.now),
  responses: {
    202: { description: 'Stored and queued for scoring', schema: acceptedEventsOut },
    400: { description: 'An event is not valid; each issue names it', schema: errorOut },
    404: { description: 'A leadId names no lead', schema: errorOut },
    409: { description: 'An eventId was sent before for that lead with another body (idempotency_key_reused)', schema: errorOut },
  },
  handle: async ({ body }, deps) => ({ status: 202, body: { accepted: await importEvents(deps, body.events) } }),
});
