import { exportLeads } from '../../../app/export-leads.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, exportLeadsQuery, type ExportLeadsQuery } from '../../wire.js';

const PATH = '/v1/admin/leads/export.csv';

/** The next page's address carries the same filter as this one: the cursor is only valid with it. */
const nextPage = (query: ExportLeadsQuery, cursor: string): string => {
  const { stage, from, to } = query;
  const params = Object.entries({ stage, from, to, cursor }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return `${PATH}?${new URLSearchParams(params).toString()}`;
};

export const getLeadsExport = defineRoute({
  method: 'GET',
  path: PATH,
  operationId: 'exportLeadsCsv',
  summary: 'Every lead as CSV (RFC 4180, a header row first on every page), by stage and creation time; pages under 5 MB, followed through the Link header',
  access: 'admin',
  query: exportLeadsQuery,
  responses: {
    200: {
      description:
        'One row per lead (leadId, email, stage, owner, rep, grade, fitPoints, band, interestScore, createdAt, qualifiedAt, utm_source), then one column per field of the published forms, named by its id. A cell starting with =, +, -, @, tab or carriage return is prefixed with \'.',
      mediaType: 'text/csv',
      headers: {
        Link: { description: '`</v1/admin/leads/export.csv?…&cursor=…>; rel="next"` while more leads remain; absent on the last page' },
        'Content-Disposition': { description: '`attachment; filename="winnow-leads.csv"`' },
      },
    },
    400: { description: 'A stage, from, to or cursor that is not valid, or from after to', schema: errorOut },
  },
  handle: async ({ query }, deps) => {
    const page = await exportLeads(deps, query, query.cursor, deps.exportPageBytes);
    return {
      status: 200,
      text: page.csv,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="winnow-leads.csv"',
        // Personal data: no shared cache may keep a copy.
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(page.cursor ? { link: `<${nextPage(query, page.cursor)}>; rel="next"` } : {}),
      },
    };
  },
});
