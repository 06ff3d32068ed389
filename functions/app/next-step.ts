import { newLeadRecord, nextQuestions, pendingQuestions } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { LeadErasedError } from './errors.js';
import { publicLead } from './leads.js';

/**
 * The next step of a form for the device that names `leadId` (a new lead when it names none,
 * an id this server never issued, or one erased over and over): its next unanswered questions,
 * how many more the form would ask after them (the widget's "Step 1 of N"), and how it ends.
 */
export const nextStep = async (deps: Pick<AppDependencies, 'store' | 'leadIds' | 'now'>, formId: string, leadId: string | undefined) => {
  const [{ document: form, version }, named] = await Promise.all([
    loadDocument(deps.store, 'form', formId),
    leadId === undefined
      ? undefined
      : publicLead(deps.store, deps.leadIds, leadId).catch((error: unknown) => {
          if (error instanceof LeadErasedError) return undefined;
          throw error;
        }),
  ]);
  // A device is asked from its own answers only, even when its id is an alias of an older lead.
  const lead = named?.ok ? (named.found?.lead ?? newLeadRecord(named.leadId, deps.now())) : newLeadRecord(deps.leadIds.issue(), deps.now());
  const step = nextQuestions(form, lead);
  return {
    leadId: lead.leadId,
    formId: form.id,
    formVersion: version,
    title: form.title,
    thankYou: form.thankYou,
    questionsPerStep: form.questionsPerStep,
    submitLabel: form.submitLabel,
    thankYouUrl: form.thankYouUrl,
    ...step,
    remaining: pendingQuestions(form, lead).length - step.questions.length,
  };
};
