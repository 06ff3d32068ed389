import * as z from '../../core/zod.js';
import { formSchema } from '../../core/index.js';
import { once } from '../../core/once.js';
import { loadDocument } from '../../app/documents.js';
import type { AllowedOrigins } from './router.js';
import { parsePart, type Dependencies } from './route.js';
import { formParams } from '../wire.js';

/** What a stored form says of its origins, parsed like the rest of it; built by the first event's request. */
const allowedOriginsOf = /* @__PURE__ */ once(() => z.object({ allowedOrigins: formSchema().shape.allowedOrigins }));

/**
 * Origins a public route accepts: its form's, or (for events, which name no form) every form's.
 * The form's id is checked as the route checks it, and an unknown form is the route's own 404
 * (SPEC: whatever the Origin), so a browser learns the same as a server; a failed read fails
 * the request rather than passing for a refusal.
 */
export const formOrigins =
  (deps: Pick<Dependencies, 'store'>): AllowedOrigins =>
  async (event) => {
    if (event.pathParameters?.formId !== undefined) {
      const { formId } = parsePart(formParams(), event.pathParameters, 'path');
      return (await loadDocument(deps.store, 'form', formId)).document.allowedOrigins;
    }
    const forms = await deps.store.latestDocuments('form');
    return forms.flatMap((form) => allowedOriginsOf().parse(form.document).allowedOrigins);
  };
