import { defineRoute, type Route } from '../../framework/route.js';
import { documentOut, documentParams, errorOut, versionQuery } from '../../wire.js';
import type { DocumentKind } from '../../../app/ports/store.js';
import { readDocument } from '../../../app/publish-document.js';
import { PATHS } from './documents.js';

export const getDocument = (kind: DocumentKind): Route =>
  defineRoute({
    method: 'GET',
    path: PATHS[kind],
    operationId: { form: 'getForm', playbook: 'getPlaybook', team: 'getTeam' }[kind],
    summary: `The latest version of a ${kind}, or ?version=N`,
    access: 'admin',
    params: documentParams,
    query: versionQuery,
    responses: {
      200: { description: `The ${kind} as published, with its version and publishedAt`, schema: () => documentOut()[kind] },
      404: { description: 'No such document or version', schema: errorOut },
    },
    handle: async ({ params, query }, deps) => ({ status: 200, body: await readDocument(deps, kind, params.id, query.version) }),
  });
