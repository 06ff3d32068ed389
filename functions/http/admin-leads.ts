import * as z from 'zod';
import { DAY_MS, DECISIONS, STAGES, emailOf, funnel, newLifecycle, ownerOf, type FunnelLead } from '../core/index.js';
import { InvalidCursorError } from '../adapters/errors.js';
import { isErased } from '../adapters/store.js';
import { resolveLead } from '../application/leads.js';
import type { StoredLead } from '../adapters/store.js';
import { BadRequestError, NotFoundError } from './errors.js';
import { applyFeedback } from './feedback.js';
import { defineRoute, type Dependencies } from './route.js';
import { ErrorOut, LeadParams } from './schemas.js';


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

const FeedbackBody = z.strictObject({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const postFeedback = defineRoute({
  method: 'POST',
  path: '/v1/admin/leads/{leadId}/feedback',
  summary: "Sales' decision: accept (→ SAL), reject with a reason (→ nurture), convert (→ SQL)",
  access: 'admin',
  params: LeadParams,
  body: FeedbackBody,
  responses: {
    200: { description: 'The lead after the decision' },
    400: { description: 'A rejection without a reason', schema: ErrorOut },
    404: { description: 'No such lead', schema: ErrorOut },
    409: { description: 'Not possible from the lead’s stage (e.g. already accepted)', schema: ErrorOut },
  },
  handle: async ({ params, body }, deps) => {
    const { leadId, lifecycle } = await applyFeedback(deps, params.leadId, { decision: body.decision, ...(body.reason ? { reason: body.reason } : {}) });
    return { status: 200, body: { leadId, stage: lifecycle.stage, owner: ownerOf(lifecycle.stage), cycle: lifecycle.cycle, history: lifecycle.history } };
  },
});

const FunnelQuery = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

export const getFunnel = defineRoute({
  method: 'GET',
  path: '/v1/admin/reports/funnel',
  summary: 'Leads that reached each stage between from and to (default: the last 30 days), conversion, return reasons, by form and utm_source',
  access: 'admin',
  query: FunnelQuery,
  responses: { 200: { description: 'The funnel' }, 400: { description: 'from after to', schema: ErrorOut } },
  handle: async ({ query }, deps) => {
    const now = deps.now();
    const to = query.to ? new Date(query.to.length === 10 ? `${query.to}T23:59:59.999Z` : query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from > to) throw new BadRequestError('from must not be after to', [{ path: 'from', message: 'must not be after to' }]);
    const leads: FunnelLead[] = [];
    for await (const { lead, lifecycle } of deps.store.allLeads()) {
      if (lifecycle?.history.length) leads.push({ history: lifecycle.history, ...(lead.source ? { source: lead.source } : {}) });
    }
    return { status: 200, body: funnel(leads, from, to) };
  },
});

/** A lead and every lead merged into it: what GDPR access and erasure cover. */
const identities = async (deps: Dependencies, leadId: string): Promise<string[]> => {
  const found = await resolveLead(deps.store, leadId);
  if (!found) throw new NotFoundError(`no lead ${leadId}`);
  return [found.lead.leadId, ...found.lead.mergedFrom];
};

export const exportLead = defineRoute({
  method: 'GET',
  path: '/v1/admin/leads/{leadId}/export',
  summary: 'Everything stored about a lead (GDPR access)',
  access: 'admin',
  params: LeadParams,
  responses: { 200: { description: '{leadId, exportedAt, items}' }, 404: { description: 'No such lead', schema: ErrorOut } },
  handle: async ({ params }, deps) => {
    const leadIds = await identities(deps, params.leadId);
    return { status: 200, body: { leadId: leadIds[0], leadIds, exportedAt: deps.now().toISOString(), items: await deps.store.itemsOf(leadIds) } };
  },
});

export const eraseLead = defineRoute({
  method: 'DELETE',
  path: '/v1/admin/leads/{leadId}',
  summary: 'Erase a lead and everything keyed to it, its email index included (GDPR erasure)',
  access: 'admin',
  params: LeadParams,
  responses: { 204: { description: 'Erased' }, 404: { description: 'No such lead', schema: ErrorOut } },
  handle: async ({ params }, deps) => {
    const found = await resolveLead(deps.store, params.leadId);
    if (!found) {
      // Gone, so 404; but an erase that stopped half-way (a crash) is finished first, from its tombstone.
      const left = await deps.store.getLead(params.leadId);
      if (isErased(left)) await deps.store.erase([left.leadId, ...(left.aliases ?? [])], left.erasedAt);
      throw new NotFoundError(`no lead ${params.leadId}`);
    }
    await deps.store.erase([found.lead.leadId, ...found.lead.mergedFrom], deps.now().toISOString());
    return { status: 204 };
  },
});
