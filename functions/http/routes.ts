import { documentRoutes } from './admin-documents.js';
import { eraseLead, exportLead, getFunnel, listLeads, postFeedback } from './admin-leads.js';
import { getFeedbackLink, postFeedbackLink } from './feedback-link.js';
import { getLead } from './get-lead.js';
import { getNext } from './get-next.js';
import { openApiDocument } from './openapi.js';
import { pageRoutes } from './page-routes.js';
import { postAdminEvents } from './post-admin-events.js';
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

const apiRoutes: Route[] = [
  getNext,
  postSubmission,
  postEvent,
  ...documentRoutes,
  postAdminEvents,
  listLeads,
  getLead,
  postFeedback,
  exportLead,
  eraseLead,
  getFunnel,
  getFeedbackLink,
  postFeedbackLink,
];

const openApi = defineRoute({
  method: 'GET',
  path: '/v1/openapi.json',
  summary: 'This API, described in OpenAPI 3',
  access: 'open',
  responses: { 200: { description: 'The OpenAPI document' } },
  handle: async (_, deps) => ({ status: 200, body: openApiDocument(routes, deps) }),
});

/** The one route table: the Lambda router, the local host and the OpenAPI document all read it. */
export const routes: Route[] = [healthz, openApi, ...apiRoutes, ...pageRoutes];
