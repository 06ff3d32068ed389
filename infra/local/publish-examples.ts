import { randomUUID } from 'node:crypto';
import { checkDocuments } from '../../cli/check-documents.js';
import { projectFiles, type LoadedDocument } from '../../cli/documents.js';
import { adminPath, ErrorAnswer, PublishedAnswer, publishOrder } from '../../cli/publish.js';
import { READ_ONLY } from '../../functions/app/publish-document.js';
import { UsageError } from '../../cli/errors.js';
import { formatProblem } from '../../cli/report-problems.js';
import type { ApiRequest } from './api-event.js';
import { StartupError } from './errors.js';
import type { ApiInvoker, ApiResult } from './http-bridge.js';

export interface PublishedExample {
  kind: LoadedDocument['kind'];
  id: string;
  version: number;
  /** False when the latest published version already said the same. */
  published: boolean;
}

const adminRequest = (method: 'GET' | 'PUT', path: string, token: string, document?: unknown): ApiRequest => ({
  method,
  url: path,
  headers: {
    host: ['localhost'],
    authorization: [`Bearer ${token}`],
    accept: ['application/json'],
    ...(document === undefined ? {} : { 'content-type': ['application/json'] }),
  },
  ...(document === undefined ? {} : { body: Buffer.from(JSON.stringify(document)) }),
  sourceIp: '127.0.0.1',
  protocol: 'HTTP/1.1',
  requestId: randomUUID(),
  receivedAt: new Date(),
});

/** JSON with every object's keys sorted: DynamoDB keeps a map's values, not its key order. */
const canonical = (json: unknown): string =>
  JSON.stringify(json, (_, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );

/**
 * What a GET answers beside the document itself: its version, and for a team each rep's
 * standing now (SPEC "HTTP API": open load, absence, place in the rotation), which changes
 * with every lead and is no reason to publish the team again.
 */
const ANSWERED_BESIDE: Readonly<Record<LoadedDocument['kind'], readonly string[]>> = {
  form: READ_ONLY,
  playbook: READ_ONLY,
  team: [...READ_ONLY, 'standing'],
};

const documentPart = (kind: LoadedDocument['kind'], json: unknown): unknown =>
  json && typeof json === 'object' ? Object.fromEntries(Object.entries(json).filter(([key]) => !ANSWERED_BESIDE[kind].includes(key))) : json;

const parseBody = (result: ApiResult): unknown => JSON.parse(result.body ?? 'null');

const errorOf = (result: ApiResult): string => {
  const answer = ErrorAnswer.safeParse(parseBody(result));
  if (!answer.success) return `HTTP ${result.statusCode}: no message`;
  const issues = (answer.data.error.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
  return [`HTTP ${result.statusCode}: ${answer.data.error.message}`, ...issues].join('; ');
};

/** The version a publish (or a read of the latest) answered. */
const versionOf = (result: ApiResult): number => PublishedAnswer.parse(parseBody(result)).version;

/** Publishes one document through the API unless its latest version already says the same. */
const publishOne = async (invoke: ApiInvoker, token: string, file: string, loaded: LoadedDocument): Promise<PublishedExample> => {
  const { kind, json } = loaded;
  const { id } = loaded.document;
  const path = adminPath(loaded);
  const latest = await invoke(adminRequest('GET', path, token));
  if (latest.statusCode === 200) {
    if (canonical(documentPart(kind, parseBody(latest))) === canonical(documentPart(kind, { ...(json as object), id }))) {
      return { kind, id, version: versionOf(latest), published: false };
    }
  } else if (latest.statusCode !== 404) {
    throw new StartupError(`reading the published ${kind} ${id} failed: ${errorOf(latest)}`);
  }
  const answer = await invoke(adminRequest('PUT', path, token, json));
  if (answer.statusCode !== 200) throw new StartupError(`${file}: publishing ${kind} ${id} failed: ${errorOf(answer)}`);
  return { kind, id, version: versionOf(answer), published: true };
};

export interface Example {
  file: string;
  loaded: LoadedDocument;
}

/** ./forms, ./playbooks and ./teams, validated as `winnow validate` does: a bad one stops the start with its first problem. */
export const checkExamples = async (cwd: string): Promise<Example[]> => {
  try {
    const check = await checkDocuments(await projectFiles(cwd), cwd);
    const [first, ...more] = check.problems;
    if (first) {
      const others = more.length > 0 ? ` (and ${more.length} more problem${more.length === 1 ? '' : 's'}: run npx winnow validate)` : '';
      throw new StartupError(`${formatProblem(first)}${others}`);
    }
    return check.files.flatMap((f) => (f.loaded ? [{ file: f.file, loaded: f.loaded }] : []));
  } catch (error) {
    if (error instanceof UsageError) throw new StartupError(error.message);
    throw error;
  }
};

/**
 * Publishes the teams, then the playbooks, then the forms (the API refuses a playbook whose team
 * is missing, and a form whose playbook is), through the API handler itself. Unchanged documents
 * are left alone, so restarts pile up no versions.
 */
export const publishExamples = async (invoke: ApiInvoker, token: string, examples: readonly Example[]): Promise<PublishedExample[]> => {
  const published: PublishedExample[] = [];
  for (const { file, loaded } of publishOrder(examples)) published.push(await publishOne(invoke, token, file, loaded));
  return published;
};
