import { nextQuestions } from '../core/index.js';
import { loadDocument } from './documents.js';
import { leadOrNew, resolveLead } from '../adapters/leads.js';
import { defineRoute } from './route.js';
import { ErrorOut, FormParams, LeadId, NextOut, NextQuery } from './schemas.js';

export const getNext = defineRoute({
  method: 'GET',
  path: '/v1/forms/{formId}/next',
  summary: 'The next step of a form for a lead: its next unanswered questions',
  access: 'public',
  params: FormParams,
  query: NextQuery,
  responses: {
    200: { description: 'The next questions; a new leadId when none or an unknown one was given', schema: NextOut },
    404: { description: 'No such form', schema: ErrorOut },
  },
  handle: async ({ params, query }, deps) => {
    const { document: form, version } = await loadDocument(deps.store, 'form', params.formId);
    const given = LeadId.safeParse(query.leadId);
    const found = given.success ? await resolveLead(deps.store, given.data) : undefined;
    const { lead } = leadOrNew(found, found ? found.lead.leadId : deps.newLeadId(), deps.now());
    const step = nextQuestions(form, lead);
    return {
      status: 200,
      body: { leadId: lead.leadId, formId: form.id, formVersion: version, title: form.title, thankYou: form.thankYou, ...step },
    };
  },
});
