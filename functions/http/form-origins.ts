import * as z from 'zod';
import { findDocument } from '../adapters/documents.js';
import { FormSchema } from '../core/index.js';
import type { AllowedOrigins } from './router.js';
import type { Dependencies } from './route.js';

/** What a stored form says of its origins, parsed like the rest of it. */
const AllowedOriginsOf = z.object({ allowedOrigins: FormSchema.shape.allowedOrigins });

/**
 * Origins a public route accepts: its form's, or (for events, which name no form) every form's.
 * An unknown form allows none; a failed read fails the request rather than passing for a refusal.
 */
export const formOrigins =
  (deps: Pick<Dependencies, 'store'>): AllowedOrigins =>
  async (event) => {
    const formId = event.pathParameters?.formId;
    if (formId) return (await findDocument(deps.store, 'form', formId))?.document.allowedOrigins ?? [];
    const forms = await deps.store.latestDocuments('form');
    return forms.flatMap((form) => AllowedOriginsOf.parse(form.document).allowedOrigins);
  };
