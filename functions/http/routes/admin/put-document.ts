import { defineRoute, type Route } from '../../framework/route.js';
import { documentBody, documentParams, errorOut, publishedOut } from '../../wire.js';
import type { DocumentKind } from '../../../app/ports/store.js';
import { publishDocument } from '../../../app/publish-document.js';
import { PATHS } from './documents.js';

export const putDocument = (kind: DocumentKind): Route =>
  defineRoute({
    method: 'PUT',
    path: PATHS[kind],
    operationId: { form: 'putForm', playbook: 'putPlaybook', team: 'putTeam' }[kind],
    summary: `Publish a new version of a ${kind}`,
    access: 'admin',
    params: documentParams,
    body: documentBody,
    responses: {
      200: { description: 'Published as a new version', schema: publishedOut },
      400: { description: `Not a valid ${kind}; each issue names where`, schema: errorOut },
      409: { description: `Someone else is publishing this ${kind}: send it again`, schema: errorOut },
    },
    handle: async ({ params, body }, deps) => ({ status: 200, body: { id: params.id, version: await publishDocument(deps, kind, params.id, body) } }),
  });

