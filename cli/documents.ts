import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FormSchema, PlaybookSchema, TeamSchema, parseWith, type Form, type Issue, type Playbook, type Team } from '../functions/core/index.js';
import { UsageError } from './errors.js';

/** Where a project keeps its documents (SPEC "Form definition", "Playbook", "Sales team"), relative to its root. */
const DOCUMENT_FOLDERS = { form: 'forms', playbook: 'playbooks', team: 'teams' } as const;

export type DocumentKind = keyof typeof DOCUMENT_FOLDERS;

/** A document that passed its schema; `json` is the file as written, which is what gets published. */
export type LoadedDocument =
  | { kind: 'form'; json: unknown; document: Form }
  | { kind: 'playbook'; json: unknown; document: Playbook }
  | { kind: 'team'; json: unknown; document: Team };

export interface LoadedFile {
  /** As the user named it, or relative to the project root: what problem lines print. */
  file: string;
  absolute: string;
  problems: Issue[];
  /** What the file claims to be, even when its schema rejects it. */
  kind?: DocumentKind;
  json?: unknown;
  loaded?: LoadedDocument;
}

const SCHEMA_SUFFIX = { form: 'form.schema.json', playbook: 'playbook.schema.json', team: 'team.schema.json' } as const;
const KINDS = Object.keys(DOCUMENT_FOLDERS) as DocumentKind[];

/** Every `*.json` under forms/, playbooks/ and teams/ of the project, in that order; a missing folder holds none. */
export const projectFiles = async (cwd: string): Promise<string[]> => {
  const perFolder = await Promise.all(
    KINDS.map(async (kind) => {
      const folder = DOCUMENT_FOLDERS[kind];
      const entries = await readdir(join(cwd, folder), { withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.name.endsWith('.json') && !entry.isDirectory())
        .map((entry) => join(folder, entry.name))
        .sort();
    }),
  );
  return perFolder.flat();
};

const reasonOf = (error: unknown): string => {
  if (error instanceof Error && 'code' in error) {
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EISDIR: 'it is a directory',
      EACCES: 'permission denied',
    };
    return reasons[String(error.code)] ?? String(error.code);
  }
  return error instanceof Error ? error.message : String(error);
};

/** Reads a file the user named; failing to is a usage error, not a problem of a document. */
export const readUserFile = async (file: string, cwd: string): Promise<string> => {
  try {
    // Editors on Windows like to start JSON with a byte-order mark that JSON.parse rejects.
    return (await readFile(resolve(cwd, file), 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${reasonOf(error)}`);
  }
};

const lineAndColumn = (text: string, position: number): string => {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
};

/** V8 names a byte offset, which nobody can find in an editor; a line and column they can. */
const jsonMessage = (message: string, text: string): string =>
  message
    .replace(/ in JSON at position (\d+)(?: \(line \d+ column \d+\))?/, (_, position: string) => ` at ${lineAndColumn(text, Number(position))}`)
    .replace(/\s+/g, ' ');

export type ParsedJson = { ok: true; json: unknown } | { ok: false; message: string };

export const parseJson = (text: string): ParsedJson => {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: jsonMessage(error instanceof Error ? error.message : String(error), text) };
  }
};

const isRecord = (json: unknown): json is Record<string, unknown> => typeof json === 'object' && json !== null && !Array.isArray(json);

/** What a file claims to be: its `$schema` first, then its folder, then its shape. */
const kindOf = (json: unknown, absolute: string): DocumentKind | undefined => {
  const schema = isRecord(json) ? json.$schema : undefined;
  const bySchema = KINDS.find((kind) => typeof schema === 'string' && schema.endsWith(SCHEMA_SUFFIX[kind]));
  const byFolder = KINDS.find((kind) => basename(dirname(absolute)) === DOCUMENT_FOLDERS[kind]);
  const byShape = isRecord(json) ? ('questions' in json ? 'form' : 'fit' in json ? 'playbook' : 'reps' in json ? 'team' : undefined) : undefined;
  return bySchema ?? byFolder ?? byShape;
};

const UNKNOWN_KIND =
  'cannot tell whether this is a form, a playbook or a team: give it a "$schema" ending form.schema.json, playbook.schema.json or team.schema.json, or keep it in forms/, playbooks/ or teams/';

type Loading = { loaded?: LoadedDocument; problems: Issue[] };

// One branch per kind, so each document keeps its own type in the union rather than one of three.
const loadDocument = (kind: DocumentKind, json: unknown): Loading => {
  switch (kind) {
    case 'form': {
      const parsed = parseWith(FormSchema, json);
      return parsed.ok ? { loaded: { kind, json, document: parsed.value }, problems: [] } : { problems: parsed.issues };
    }
    case 'playbook': {
      const parsed = parseWith(PlaybookSchema, json);
      return parsed.ok ? { loaded: { kind, json, document: parsed.value }, problems: [] } : { problems: parsed.issues };
    }
    case 'team': {
      const parsed = parseWith(TeamSchema, json);
      return parsed.ok ? { loaded: { kind, json, document: parsed.value }, problems: [] } : { problems: parsed.issues };
    }
  }
};

/** Reads, parses and schema-checks one file; everything wrong with its content becomes a problem. */
export const loadFile = async (file: string, cwd: string): Promise<LoadedFile> => {
  const absolute = resolve(cwd, file);
  const parsed = parseJson(await readUserFile(file, cwd));
  if (!parsed.ok) return { file, absolute, problems: [{ path: '', message: `invalid JSON: ${parsed.message}` }] };
  const kind = kindOf(parsed.json, absolute);
  if (!kind) return { file, absolute, problems: [{ path: '', message: UNKNOWN_KIND }] };
  return { file, absolute, kind, json: parsed.json, ...loadDocument(kind, parsed.json) };
};
