// The admin API's answers, as functions/http/wire.ts defines them: types only, so no byte of zod reaches the page.
import type * as z from 'zod';
import type { CalibrationOut, DocumentOut, LeadOut, SpeedOut, TeamOut } from '../../functions/http/wire.js';
import type { RotatedSecretOut, SavedWebhookEndpointOut, WebhookDeliveryPageOut, WebhookEndpointOut } from '../../functions/http/wire.js';

export type { ErrorOut as ErrorAnswer, FeedbackOut as FeedbackAnswer, FunnelOut as Funnel, LeadOut as LeadView, LeadPageOut as LeadPage, LeadSummaryOut as LeadSummary, SpeedOut as SpeedReport, Stage } from '../../functions/http/wire.js';
export type { AttemptChannel } from '../../functions/core/index.js';

export type PlaybookView = z.output<(typeof DocumentOut)['playbook']>;
export type TeamView = z.output<typeof TeamOut>;
export type RepStanding = TeamView['standing'][number];
export type Absence = NonNullable<RepStanding['away']>;
export type AssignmentView = LeadOut['assignments'][number];
export type RepSpeed = SpeedOut['reps'][number];
export type PoolSpeed = SpeedOut['pools'][number];
export type Sla = PlaybookView['sla'];
export type CalibrationReport = z.output<typeof CalibrationOut>;
export type CalibrationCell = CalibrationReport['cells'][number];

// Webhooks (SPEC "Webhooks (CRM sync)").
export type { WebhookEventType } from '../../functions/core/webhooks.js';
export type WebhookEndpointView = z.output<typeof WebhookEndpointOut>;
export type SavedWebhookEndpoint = z.output<typeof SavedWebhookEndpointOut>;
export type RotatedWebhookSecret = z.output<typeof RotatedSecretOut>;
export type WebhookDeliveryPage = z.output<typeof WebhookDeliveryPageOut>;
export type WebhookDeliveryView = WebhookDeliveryPage['deliveries'][number];
