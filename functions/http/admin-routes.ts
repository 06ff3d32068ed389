import { documentRoutes } from './admin-documents.js';
import { eraseLead, exportLead, getFunnel, listLeads, postFeedback } from './admin-leads.js';
import { getLead } from './get-lead.js';
import { postAdminEvents } from './post-admin-events.js';
import type { Route } from './route.js';

/** The admin API, behind the bearer token: documents, leads, feedback, GDPR and the funnel. */
export const adminRoutes: Route[] = [...documentRoutes, postAdminEvents, listLeads, getLead, postFeedback, exportLead, eraseLead, getFunnel];
