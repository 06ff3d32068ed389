import { getFeedbackLink, postFeedbackLink } from './feedback-link.js';
import { getNext } from './get-next.js';
import { postEvent } from './post-event.js';
import { postSubmission } from './post-submission.js';
import { defineRoute, type Route } from './route.js';

const healthz = defineRoute({
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness',
  access: 'open',
  responses: { 200: { description: '{ok: true}' } },
  handle: async () => ({ status: 200, body: { ok: true } }),
});

/** What browsers and salespeople reach on the hot path: the widget's calls and the links in notifications. */
export const publicRoutes: Route[] = [healthz, getNext, postSubmission, postEvent, getFeedbackLink, postFeedbackLink];
