import { speedReport } from '../../../app/speed-report.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, speedOut, speedQuery } from '../../wire.js';

export const getSpeed = defineRoute({
  method: 'GET',
  path: '/v1/admin/reports/speed',
  operationId: 'getSpeedReport',
  summary: 'Per rep and per pool, the assignments made between from and to (default: the last 30 days): outcomes, median minutes to first touch, SLA misses, reassignments',
  access: 'admin',
  query: speedQuery,
  responses: { 200: { description: 'The speed report', schema: speedOut }, 400: { description: 'from after to', schema: errorOut } },
  handle: async ({ query }, deps) => ({ status: 200, body: await speedReport(deps, query) }),
});
