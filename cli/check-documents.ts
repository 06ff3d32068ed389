import { resolve } from 'node:path';
import { crossCheck, type DocumentIssue, type Form, type Located, type Playbook, type Team } from '../functions/core/index.js';
import { UsageError } from './errors.js';
import { loadFile, projectFiles, type DocumentKind, type LoadedDocument, type LoadedFile } from './documents.js';

export interface DocumentCheck {
  /** The files asked about, each once, in the order given. */
  files: LoadedFile[];
  /** Problems of those files only, file by file. */
  problems: DocumentIssue[];
  /** Project files that took no part in the cross-checks because they are broken themselves. */
  skipped: string[];
}

const keyOf = ({ kind, document }: LoadedDocument): string => `${kind}:${document.id}`;

const uniqueFiles = (files: LoadedFile[]): LoadedFile[] => [...new Map(files.map((f) => [f.absolute, f])).values()];

/** Project files are context, not the subject: one that cannot even be read just takes no part. */
const loadContext = async (cwd: string, exclude: ReadonlySet<string>): Promise<LoadedFile[]> => {
  const files = (await projectFiles(cwd)).filter((file) => !exclude.has(resolve(cwd, file)));
  const loaded = await Promise.all(
    files.map((file) =>
      loadFile(file, cwd).catch((error: unknown) => {
        if (error instanceof UsageError) return undefined;
        throw error;
      }),
    ),
  );
  return loaded.filter((file) => file !== undefined);
};

/** Ids of documents of `kind` that exist but failed their schema. */
const brokenIds = (files: readonly LoadedFile[], kind: DocumentKind): Set<string> => {
  const ids = files.flatMap(({ kind: claimed, json, loaded }) => {
    const id = typeof json === 'object' && json !== null && 'id' in json ? json.id : undefined;
    return claimed === kind && !loaded && typeof id === 'string' ? [id] : [];
  });
  return new Set(ids);
};

/**
 * A form whose playbook exists but is broken would also be told its playbook "does not
 * exist", and so would a playbook whose team is broken: noise that hides the one real
 * problem, already reported on the playbook or the team.
 */
const withoutEchoes = (
  issues: DocumentIssue[],
  forms: readonly Located<Form>[],
  playbooks: readonly Located<Playbook>[],
  files: readonly LoadedFile[],
): DocumentIssue[] => {
  const brokenPlaybooks = brokenIds(files, 'playbook');
  const brokenTeams = brokenIds(files, 'team');
  const formIn = new Map(forms.map((f) => [f.file, f.document]));
  const playbookIn = new Map(playbooks.map((p) => [p.file, p.document]));
  const isEcho = ({ file, path }: DocumentIssue): boolean =>
    (path === 'playbook' && brokenPlaybooks.has(formIn.get(file)?.playbook ?? '')) ||
    (path === 'team' && brokenTeams.has(playbookIn.get(file)?.team ?? ''));
  return issues.filter((issue) => !isEcho(issue));
};

const crossCheckAll = (files: readonly LoadedFile[]): DocumentIssue[] => {
  const forms: Located<Form>[] = [];
  const playbooks: Located<Playbook>[] = [];
  const teams: Located<Team>[] = [];
  for (const { absolute, loaded } of files) {
    if (loaded?.kind === 'form') forms.push({ file: absolute, document: loaded.document });
    if (loaded?.kind === 'playbook') playbooks.push({ file: absolute, document: loaded.document });
    if (loaded?.kind === 'team') teams.push({ file: absolute, document: loaded.document });
  }
  return withoutEchoes(crossCheck(forms, playbooks, teams), forms, playbooks, files);
};

/**
 * Schema-checks `files`, then cross-checks them together with the project's forms/,
 * playbooks/ and teams/ (so one playbook is still checked against the project's forms and
 * its team). A given document stands in for the project's document of the same kind and id:
 * it is the version being validated.
 */
export const checkDocuments = async (files: readonly string[], cwd: string): Promise<DocumentCheck> => {
  const given = uniqueFiles(await Promise.all(files.map((file) => loadFile(file, cwd))));
  const givenKeys = new Set(given.flatMap((f) => (f.loaded ? [keyOf(f.loaded)] : [])));
  const context = (await loadContext(cwd, new Set(given.map((f) => f.absolute)))).filter((f) => !f.loaded || !givenKeys.has(keyOf(f.loaded)));
  const crossIssues = crossCheckAll([...given, ...context]);

  const problems = given.flatMap((f) => [
    ...f.problems.map((issue) => ({ file: f.file, ...issue })),
    ...crossIssues.filter((issue) => issue.file === f.absolute).map((issue) => ({ ...issue, file: f.file })),
  ]);
  return { files: given, problems, skipped: context.filter((f) => !f.loaded).map((f) => f.file) };
};
