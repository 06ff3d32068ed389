import { defineRoute, type Route } from '../../framework/route.js';
import { DocumentParams, ErrorOut, VersionQuery } from '../../wire.js';
import type { DocumentKind } from '../../../app/ports/store.js';
import { NotFoundError } from '../../framework/errors.js';
import { PATHS } from './documents.js';

export const getDocument = (kind: DocumentKind): Route =>
  defineRoute({
    method: 'GET',
    path: PATHS[kind],
    summary: `The latest version of a ${kind}, or ?version=N`,
    access: 'admin',
    params: DocumentParams,
    query: VersionQuery,
    responses: {
      200: { description: `The ${kind} as published, with its version and publishedAt` },
      404: { description: 'No such document or version', schema: ErrorOut },
    },
    handle: async ({ params, query }, deps) => {
      const published =
        query.version === undefined
          ? await deps.store.latestDocument(kind, params.id)
          : await deps.store.documentVersion(kind, params.id, query.version);
      if (!published) throw new NotFoundError(`no ${kind} "${params.id}"${query.version ? ` version ${query.version}` : ''}`);
      return { status: 200, body: { ...(published.document as object), version: published.version, publishedAt: published.publishedAt } };
    },
  });

