// The admin API's answers, as functions/http/wire.ts defines them: types only, so no byte of zod reaches the page.
export type { ErrorOut as ErrorAnswer, FeedbackOut as FeedbackAnswer, FunnelOut as Funnel, LeadOut as LeadView, LeadPageOut as LeadPage, LeadSummaryOut as LeadSummary, Stage } from '../../functions/http/wire.js';
