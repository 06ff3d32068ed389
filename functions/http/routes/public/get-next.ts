import { newLeadRecord, nextQuestions } from '../../../core/index.js';
import { LeadErasedError } from '../../../app/errors.js';
import { publicLead } from '../../../app/leads.js';
import { loadDocument } from '../../framework/documents.js';
import { defineRoute } from '../../framework/route.js';
import { ErrorOut, FormParams, LeadId, NextOut, NextQuery } from '../../wire.js';

export const getNext = defineRoute({
  method: 'GET',
  path: '/v1/forms/{formId}/next',
  summary: 'The next step of a form for a lead: its next unanswered questions',
  access: 'public',
  params: FormParams,
  query: NextQuery,
  responses: {
    200: { description: 'The next questions; a new leadId when none, an unknown or an erased one was given', schema: NextOut },
    404: { description: 'No such form', schema: ErrorOut },
  },
  handle: async ({ params, query }, deps) => {
    const given = LeadId.safeParse(query.leadId);
    const [{ document: form, version }, named] = await Promise.all([
      loadDocument(deps.store, 'form', params.formId),
      // An id erased over and over answers as no id: a new lead.
      given.success
        ? publicLead(deps.store, deps.leadIds, given.data).catch((error: unknown) => {
            if (error instanceof LeadErasedError) return undefined;
            throw error;
          })
        : undefined,
    ]);
    // A device is asked from its own answers only, even when its id is an alias of an older lead.
    const lead = named?.ok ? (named.found?.lead ?? newLeadRecord(named.leadId, deps.now())) : newLeadRecord(deps.leadIds.issue(), deps.now());
    const step = nextQuestions(form, lead);
    return {
      status: 200,
      body: { leadId: lead.leadId, formId: form.id, formVersion: version, title: form.title, thankYou: form.thankYou, ...step },
    };
  },
});
