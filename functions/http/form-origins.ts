import { loadDocument } from './documents.js';
import type { AllowedOrigins } from './router.js';
import type { Dependencies } from './route.js';

/** Origins a public route accepts: its form's, or (for events, which name no form) every form's. */
export const formOrigins =
  (deps: Pick<Dependencies, 'store'>): AllowedOrigins =>
  async (event) => {
    const formId = event.pathParameters?.formId;
    if (formId) return (await loadDocument(deps.store, 'form', formId).catch(() => undefined))?.document.allowedOrigins ?? [];
    const forms = await deps.store.latestDocuments('form');
    return forms.flatMap((f) => (f.document as { allowedOrigins?: string[] }).allowedOrigins ?? []);
  };
