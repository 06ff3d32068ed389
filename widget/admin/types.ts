import type { AnswerClaim, Answers, Fit, Funnel, Interest, Stage, Transition } from '../../functions/core/index.js';
import type { NotificationRecord } from '../../functions/app/ports/store.js';

/** A row of `GET /v1/admin/leads` (functions/http/admin-leads.ts). */
export interface LeadSummary {
  leadId: string;
  email: string | null;
  stage: Stage;
  handRaiser: boolean;
  qualifiedAt: string | null;
  fit: Pick<Fit, 'points' | 'grade'> | null;
  interest: Pick<Interest, 'score' | 'band'> | null;
}

export interface LeadPage {
  leads: LeadSummary[];
  cursor?: string;
}

/** `GET /v1/admin/leads/{leadId}` (functions/http/get-lead.ts). */
export interface LeadView {
  leadId: string;
  email: string | null;
  answers: Answers;
  /** Answers another device gave after typing this lead's email, where they differ: kept, never applied. */
  claims: AnswerClaim[];
  fit: Fit;
  interest: Interest;
  owner: string;
  stage: Stage;
  handRaiser: boolean;
  cycle: number;
  returnReason?: string;
  history: Transition[];
  notifications: NotificationRecord[];
  createdAt: string;
}

export type { Funnel, Stage };
