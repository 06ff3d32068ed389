import type { Route } from '../../framework/route.js';
import { deleteAway, putAway } from './away.js';
import { deleteWebhook } from './delete-webhook.js';
import { eraseLead } from './erase-lead.js';
import { exportLead } from './export-lead.js';
import { getLeadsExport } from './export-leads.js';
import { getCalibration } from './get-calibration.js';
import { getDocument } from './get-document.js';
import { getFunnel } from './get-funnel.js';
import { getLead } from './get-lead.js';
import { getOutcomes } from './get-outcomes.js';
import { getSpeed } from './get-speed.js';
import { getTeam } from './get-team.js';
import { getWebhook } from './get-webhook.js';
import { getWebhookDeliveries } from './get-webhook-deliveries.js';
import { getWebhooks } from './get-webhooks.js';
import { getLeads } from './list-leads.js';
import { postFeedback } from './post-feedback.js';
import { postAdminEvents } from './post-events.js';
import { putDocument } from './put-document.js';
import { postWebhookTest } from './post-webhook-test.js';
import { putWebhook } from './put-webhook.js';
import { redeliverWebhook } from './redeliver-webhook.js';
import { rotateWebhookSecret } from './rotate-webhook-secret.js';

const webhookRoutes = [putWebhook, getWebhooks, getWebhook, deleteWebhook, rotateWebhookSecret, getWebhookDeliveries, postWebhookTest, redeliverWebhook];

const documentRoutes = [...(['playbook', 'form'] as const).flatMap((kind) => [putDocument(kind), getDocument(kind)]), putDocument('team'), getTeam, putAway, deleteAway];

/**
 * The admin API, behind the bearer token: documents, teams, leads, feedback, GDPR, the reports and webhook endpoints.
 * The CSV export comes before `/v1/admin/leads/{leadId}`: the router tries static paths first, but
 * a reader of this table should not have to know that `export.csv` is no leadId.
 */
export const adminRoutes: Route[] = [...documentRoutes, postAdminEvents, getLeads, getLeadsExport, getLead, postFeedback, exportLead, eraseLead, getFunnel, getSpeed, getOutcomes, getCalibration, ...webhookRoutes];
