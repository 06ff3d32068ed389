import * as z from 'zod';
import { FormSchema, PlaybookSchema, parseWith } from '../core/index.js';
import { ConflictError } from '../adapters/errors.js';
import type { DocumentKind } from '../adapters/store.js';
import { BadRequestError, ConflictHttpError, NotFoundError } from './errors.js';
import { defineRoute, type Dependencies, type Route } from './route.js';
import { DocumentParams, ErrorOut, PublishedOut, VersionQuery } from './schemas.js';

const SCHEMAS = { form: FormSchema, playbook: PlaybookSchema } as const;
const PATHS = { form: '/v1/admin/forms/{id}', playbook: '/v1/admin/playbooks/{id}' } as const;
const PUBLISH_ATTEMPTS = 3;

/** What a GET answered, sent back as a PUT, publishes the same document again. */
export const READ_ONLY = ['version', 'publishedAt'];

const AnyDocument = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

const publish = async (deps: Dependencies, kind: DocumentKind, id: string, json: Record<string, unknown>) => {
  const body = Object.fromEntries(Object.entries(json).filter(([key]) => !READ_ONLY.includes(key)));
  const parsed = parseWith(SCHEMAS[kind], { ...body, id: body.id ?? id });
  if (!parsed.ok) throw new BadRequestError(`the ${kind} is not valid`, parsed.issues);
  if (parsed.value.id !== id) throw new BadRequestError(`the ${kind}'s id must match the path`, [{ path: 'id', message: `must be "${id}"` }]);
  if ('questions' in parsed.value) {
    // Publishing checks what one document can: its playbook must be there already.
    if (!(await deps.store.latestDocument('playbook', parsed.value.playbook))) {
      throw new BadRequestError('publish the playbook before the forms that use it', [
        { path: 'playbook', message: `playbook "${parsed.value.playbook}" is not published` },
      ]);
    }
  }
  for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt += 1) {
    const version = ((await deps.store.latestDocument(kind, id))?.version ?? 0) + 1;
    try {
      await deps.store.publishDocument({ kind, id, version, document: { ...body, id }, publishedAt: deps.now().toISOString() });
      return version;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new ConflictHttpError(`${kind} ${id} is being published by someone else; try again`);
};

const putDocument = (kind: DocumentKind): Route =>
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

const getDocument = (kind: DocumentKind): Route =>
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

export const documentRoutes: Route[] = (['playbook', 'form'] as const).flatMap((kind) => [putDocument(kind), getDocument(kind)]);
