import * as z from 'zod';
import { STAGES, emailOf, newLifecycle, ownerOf } from '../../../core/index.js';
import { InvalidCursorError } from '../../../app/ports/errors.js';
import type { StoredLead } from '../../../app/ports/store.js';
import { BadRequestError } from '../../framework/errors.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut } from '../../wire.js';

/** What a list shows of a lead: enough to pick the next one to call. */
const summary = ({ lead, score, lifecycle = newLifecycle() }: StoredLead) => ({
  leadId: lead.leadId,
  email: emailOf(lead.answers) ?? null,
  stage: lifecycle.stage,
  owner: ownerOf(lifecycle.stage),
  handRaiser: lifecycle.handRaiser,
  cycle: lifecycle.cycle,
  qualifiedAt: lifecycle.qualifiedAt ?? null,
  fit: score ? { points: score.fit.points, grade: score.fit.grade } : null,
  interest: score ? { score: score.interest.score, band: score.interest.band } : null,
  scoredAt: score?.scoredAt ?? null,
});

const LeadsQuery = z.object({
  stage: z.enum(STAGES),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});

export const listLeads = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads',
  summary: 'Leads in a stage, hottest first (interest score, then fit points), a page at a time',
  access: 'admin',
  query: LeadsQuery,
  responses: {
    200: { description: '{leads, cursor?}: pass cursor back for the next page; no cursor after the last' },
    400: { description: 'A stage, limit or cursor that is not valid', schema: ErrorOut },
  },
  handle: async ({ query }, deps) => {
    const page = await deps.store.leadsInStage(query.stage, query.limit, query.cursor).catch((error: unknown) => {
      if (error instanceof InvalidCursorError) throw new BadRequestError('the cursor is not valid', [{ path: 'cursor', message: error.message }], { cause: error });
      throw error;
    });
    return { status: 200, body: { leads: page.leads.map(summary), ...(page.cursor ? { cursor: page.cursor } : {}) } };
  },
});
