import { defineRoute, type Route } from '../../framework/route.js';
import { DocumentParams, ErrorOut, PublishedOut } from '../../wire.js';
import type { DocumentKind } from '../../../app/ports/store.js';
import { AnyDocument, PATHS, publish } from './documents.js';

export const putDocument = (kind: DocumentKind): Route =>
  defineRoute({
    method: 'PUT',
    path: PATHS[kind],
    summary: `Publish a new version of a ${kind}`,
    access: 'admin',
    params: DocumentParams,
    body: AnyDocument,
    responses: {
      200: { description: 'Published as a new version', schema: PublishedOut },
      400: { description: `Not a valid ${kind}; each issue names where`, schema: ErrorOut },
    },
    handle: async ({ params, body }, deps) => ({ status: 200, body: { id: params.id, version: await publish(deps, kind, params.id, body) } }),
  });

