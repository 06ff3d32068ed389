import { formSchema, parseWith, playbookSchema, teamSchema } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError, NotFoundError, StateConflictError } from './errors.js';
import { ConflictError } from './ports/errors.js';
import type { DocumentKind } from './ports/store.js';
import { retryOnConflict } from './retry.js';

// Each kind's schema is built by the first publish of that kind, not at the admin API's init.
const SCHEMAS = { form: formSchema, playbook: playbookSchema, team: teamSchema } as const;
const PUBLISH_ATTEMPTS = 3;

/** What a GET answered, sent back as a PUT, publishes the same document again. */
export const READ_ONLY = ['version', 'publishedAt'];

/**
 * Publish a form, playbook or team as its next version, after checking it as the core defines it
 * and that what it names is published (a form's playbook, a playbook's team); answers the version. Two publishes at once each get a number.
 */
export const publishDocument = async (deps: Pick<AppDependencies, 'store' | 'now'>, kind: DocumentKind, id: string, json: Record<string, unknown>): Promise<number> => {
  const body = Object.fromEntries(Object.entries(json).filter(([key]) => !READ_ONLY.includes(key)));
  const parsed = parseWith(SCHEMAS[kind](), { ...body, id: body.id ?? id });
  if (!parsed.ok) throw new InvalidRequestError(`the ${kind} is not valid`, parsed.issues);
  if (parsed.value.id !== id) throw new InvalidRequestError(`the ${kind}'s id must match the path`, [{ path: 'id', message: `must be "${id}"` }]);
  if ('fit' in parsed.value && parsed.value.team !== undefined && !(await deps.store.latestDocument('team', parsed.value.team))) {
    throw new InvalidRequestError('publish the team before the playbooks that assign to it', [{ path: 'team', message: `team "${parsed.value.team}" is not published` }]);
  }
  if ('questions' in parsed.value) {
    // Publishing checks what one document can: its playbook must be there already.
    if (!(await deps.store.latestDocument('playbook', parsed.value.playbook))) {
      throw new InvalidRequestError('publish the playbook before the forms that use it', [
        { path: 'playbook', message: `playbook "${parsed.value.playbook}" is not published` },
      ]);
    }
  }
  const publishNext = async () => {
    const version = ((await deps.store.latestDocument(kind, id))?.version ?? 0) + 1;
    await deps.store.publishDocument({ kind, id, version, document: { ...body, id }, publishedAt: deps.now().toISOString() });
    return version;
  };
  return retryOnConflict(publishNext, { attempts: PUBLISH_ATTEMPTS }).catch((error: unknown) => {
    if (error instanceof ConflictError) throw new StateConflictError(`${kind} ${id} is being published by someone else; try again`, { cause: error });
    throw error;
  });
};

/** A document as published (the latest, or a version), with its version and when: what a PUT of it publishes again. */
export const readDocument = async (deps: Pick<AppDependencies, 'store'>, kind: DocumentKind, id: string, version?: number): Promise<Record<string, unknown>> => {
  const published = version === undefined ? await deps.store.latestDocument(kind, id) : await deps.store.documentVersion(kind, id, version);
  if (!published) throw new NotFoundError(`no ${kind} "${id}"${version ? ` version ${version}` : ''}`);
  return { ...(published.document as object), version: published.version, publishedAt: published.publishedAt };
};
