import { parseWith } from '../functions/core/index.js';
import { ExportLeadsQuery } from '../functions/http/wire.js';
import * as z from '../functions/core/zod.js';
import { adminGet, adminToken, apiBase } from './admin-api.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-code.js';
import type { Host } from './host.js';
import { parseArguments } from './parse-arguments.js';
import { commandUsage } from './usage.js';

const OPTIONS = { api: { type: 'string' }, stage: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } as const;

/** SPEC "Closed loop": the first page's address; the API's Link headers name the rest. */
const EXPORT_PATH = '/v1/admin/leads/export.csv';

class ExportFailedError extends Error {
  override readonly name = 'ExportFailedError';
}

/** The same filter the API checks, checked here first: a typo is a usage error before any request. */
const filterOf = (values: { stage?: string | undefined; from?: string | undefined; to?: string | undefined }): URLSearchParams => {
  const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  const parsed = parseWith(z.omit(ExportLeadsQuery, { cursor: true }), given);
  if (!parsed.ok) {
    const [issue] = parsed.issues;
    throw new UsageError(issue ? `--${issue.path}: ${issue.message}` : 'the filter is not valid');
  }
  return new URLSearchParams(Object.entries(parsed.value).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

/** RFC 8288's `<url>; rel="next"`, resolved against the page that named it. */
const nextLink = (link: string | null, page: URL): URL | undefined => {
  const target = link ? /<([^>]*)>\s*;\s*rel="?next"?/.exec(link)?.[1] : undefined;
  if (target === undefined) return undefined;
  const next = new URL(target, page);
  // The token goes with every request: never to another server than the one it was given for.
  if (next.origin !== page.origin) throw new ExportFailedError(`the API named a next page on another server (${next.origin}); stopped`);
  return next;
};

/** Records in a CSV text: its CRLFs outside quotes (RFC 4180: a quoted cell may hold line breaks, and `""` is a quote). */
const recordsIn = (csv: string): number => {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    if (csv[i] === '"') quoted = !quoted;
    else if (!quoted && csv[i] === '\r' && csv[i + 1] === '\n') records += 1;
  }
  return records;
};

/** The header row never holds a line break (field ids and column names): it ends at the first CRLF. */
const splitHeader = (csv: string): { header: string; rows: string } => {
  const end = csv.indexOf('\r\n') + 2;
  if (end < 2) throw new ExportFailedError('the API answered a page without a header row');
  return { header: csv.slice(0, end), rows: csv.slice(end) };
};


const fetchPage = async (host: Host, url: URL, token: string): Promise<{ csv: string; next: URL | undefined }> => {
  const response = await adminGet(host, url, token, 'text/csv', ExportFailedError);
  if (!(response.headers.get('content-type') ?? '').startsWith('text/csv')) throw new ExportFailedError(`${url.origin} answered ${response.headers.get('content-type') ?? 'no content-type'}, not text/csv: is --api a Winnow API?`);
  return { csv: await response.text(), next: nextLink(response.headers.get('link'), url) };
};

const counted = (n: number): string => n.toLocaleString('en-US');

/** `winnow export --api URL [--stage S] [--from D] [--to D]`: every page of the CSV export to stdout, one header row. */
export const exportLeads = async (args: string[], host: Host): Promise<ExitCode> => {
  const { values } = parseArguments('export', args, OPTIONS);
  if (values.help) {
    host.stdout(commandUsage.export);
    return ExitCode.ok;
  }
  const api = apiBase('export', values.api);
  const filter = filterOf({ stage: values.stage, from: values.from, to: values.to });
  const token = adminToken('export', host);
  let url: URL | undefined = new URL(`${api}${EXPORT_PATH}${filter.size > 0 ? `?${filter.toString()}` : ''}`);
  let firstHeader: string | undefined;
  let leads = 0;
  let page = 0;
  const seen = new Set<string>();
  try {
    while (url) {
      // A server answering the same next page again would loop forever.
      if (seen.has(url.href)) throw new ExportFailedError(`the API sent page ${url.pathname}${url.search} twice; stopped`);
      seen.add(url.href);
      const { csv, next } = await fetchPage(host, url, token);
      const { header, rows } = splitHeader(csv);
      // A form published mid-export changes the columns: later rows would not line up with the header.
      if (firstHeader !== undefined && header !== firstHeader) throw new ExportFailedError('the columns changed during the export (a form was published); run it again');
      if (firstHeader === undefined) host.write((firstHeader = header));
      host.write(rows);
      leads += recordsIn(rows);
      page += 1;
      host.progress(`exported ${counted(leads)} leads (page ${page})${next ? '…' : ''}`);
      url = next;
    }
  } catch (error) {
    if (!(error instanceof ExportFailedError)) throw error;
    host.progressDone();
    host.stderr(`winnow: export failed after ${counted(leads)} leads: ${error.message}`);
    return ExitCode.problems;
  }
  host.progressDone();
  return ExitCode.ok;
};
