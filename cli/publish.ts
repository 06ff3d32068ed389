import type { DocumentIssue, Issue } from '../functions/core/index.js';
import { ErrorOut, PublishedOut } from '../functions/http/wire.js';
import { REQUEST_TIMEOUT_MS, adminToken, apiBase, networkReason } from './admin-api.js';
import { checkDocuments } from './check-documents.js';
import { parseJson, type DocumentKind, type LoadedDocument, type LoadedFile } from './documents.js';
import { ExitCode } from './exit-code.js';
import type { Host } from './host.js';
import { parseArguments } from './parse-arguments.js';
import { formatProblem, reportProblems } from './report-problems.js';
import { commandUsage } from './usage.js';
import { filesToCheck } from './validate.js';

const OPTIONS = { api: { type: 'string' } } as const;

/** SPEC "HTTP API", admin table: `PUT /v1/admin/forms/{formId}`, `PUT /v1/admin/playbooks/{id}` and `PUT /v1/admin/teams/{teamId}`. */
const ADMIN_COLLECTION = { form: 'forms', playbook: 'playbooks', team: 'teams' } as const;

/** Where a document is published: its admin collection and id. */
export const adminPath = ({ kind, document }: LoadedDocument): string => `/v1/admin/${ADMIN_COLLECTION[kind]}/${encodeURIComponent(document.id)}`;

/** What a publish answers (SPEC "HTTP API": `{id, version}`) and what a refusal does, as the API defines them; infra/local reads them here too. */
export { ErrorOut as ErrorAnswer, PublishedOut as PublishedAnswer };

type Outcome = { ok: true; id: string; version: number } | { ok: false; reason: string; issues: Issue[] };

const outcomeOf = (response: Response, text: string): Outcome => {
  const body = parseJson(text);
  const json = body.ok ? body.json : undefined;
  if (response.ok) {
    const answer = PublishedOut.safeParse(json);
    return answer.success
      ? { ok: true, ...answer.data }
      : { ok: false, reason: `HTTP ${response.status} without the expected {id, version}`, issues: [] };
  }
  const error = ErrorOut.safeParse(json);
  const message = error.success ? error.data.error.message : response.statusText;
  return { ok: false, reason: `HTTP ${response.status}: ${message}`, issues: error.success ? (error.data.error.issues ?? []) : [] };
};

const publishDocument = async (host: Host, api: string, token: string, loaded: LoadedDocument): Promise<Outcome> => {
  const url = `${api}${adminPath(loaded)}`;
  try {
    const response = await host.fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      // The file as written: the server applies the schema's defaults itself.
      body: JSON.stringify(loaded.json),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return outcomeOf(response, await response.text());
  } catch (error) {
    return { ok: false, reason: `cannot reach ${url}: ${networkReason(error)}`, issues: [] };
  }
};

/**
 * Teams, then playbooks, then forms: the API refuses a playbook whose team is not published yet
 * and a form whose playbook is not (SPEC "Playbook", "Sales team and assignment").
 */
const PUBLISH_ORDER: readonly DocumentKind[] = ['team', 'playbook', 'form'];

/** The loaded documents of `files` in the order the API accepts them, each kind keeping the files' order. */
export const publishOrder = (files: readonly Pick<LoadedFile, 'file' | 'loaded'>[]): { file: string; loaded: LoadedDocument }[] => {
  const documents = files.flatMap((f) => (f.loaded ? [{ file: f.file, loaded: f.loaded }] : []));
  return PUBLISH_ORDER.flatMap((kind) => documents.filter((d) => d.loaded.kind === kind));
};

/** `winnow publish --api URL`: validate the project, then PUT each document; stop at the first refusal. */
export const publish = async (args: string[], host: Host): Promise<ExitCode> => {
  const { values } = parseArguments('publish', args, OPTIONS);
  if (values.help) {
    host.stdout(commandUsage.publish);
    return ExitCode.ok;
  }
  const api = apiBase('publish', values.api);
  const token = adminToken('publish', host);
  const check = await checkDocuments(await filesToCheck([], host.cwd), host.cwd);
  if (check.problems.length > 0) {
    reportProblems(host, check.problems, check.files.length, check.skipped);
    host.stderr('winnow: nothing published: fix the problems above first');
    return ExitCode.problems;
  }
  for (const { file, loaded } of publishOrder(check.files)) {
    const outcome = await publishDocument(host, api, token, loaded);
    if (!outcome.ok) {
      for (const issue of outcome.issues) host.stdout(formatProblem({ file, ...issue } satisfies DocumentIssue));
      host.stderr(`winnow: publishing ${loaded.kind} ${loaded.document.id} failed: ${outcome.reason}`);
      return ExitCode.problems;
    }
    host.stdout(`published ${loaded.kind} ${outcome.id} v${outcome.version}`);
  }
  return ExitCode.ok;
};
