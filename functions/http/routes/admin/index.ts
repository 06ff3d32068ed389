import type { Route } from '../../framework/route.js';
import { eraseLead } from './erase-lead.js';
import { exportLead } from './export-lead.js';
import { getDocument } from './get-document.js';
import { getFunnel } from './get-funnel.js';
import { getLead } from './get-lead.js';
import { getLeads } from './list-leads.js';
import { postFeedback } from './post-feedback.js';
import { postAdminEvents } from './post-events.js';
import { putDocument } from './put-document.js';

const documentRoutes = (['playbook', 'form'] as const).flatMap((kind) => [putDocument(kind), getDocument(kind)]);

/** The admin API, behind the bearer token: documents, leads, feedback, GDPR and the funnel. */
export const adminRoutes: Route[] = [...documentRoutes, postAdminEvents, getLeads, getLead, postFeedback, exportLead, eraseLead, getFunnel];
