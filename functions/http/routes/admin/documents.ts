import * as z from 'zod';
import { FormSchema, PlaybookSchema, parseWith } from '../../../core/index.js';
import { ConflictError } from '../../../app/ports/errors.js';
import type { DocumentKind } from '../../../app/ports/store.js';
import { BadRequestError, ConflictHttpError } from '../../framework/errors.js';
import { type Dependencies } from '../../framework/route.js';

export const SCHEMAS = { form: FormSchema, playbook: PlaybookSchema } as const;
export const PATHS = { form: '/v1/admin/forms/{id}', playbook: '/v1/admin/playbooks/{id}' } as const;
const PUBLISH_ATTEMPTS = 3;

/** What a GET answered, sent back as a PUT, publishes the same document again. */
export const READ_ONLY = ['version', 'publishedAt'];

export const AnyDocument = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

export const publish = async (deps: Dependencies, kind: DocumentKind, id: string, json: Record<string, unknown>) => {
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

