import { listOutcomes } from '../../../app/outcomes.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, outcomePageOut, outcomesQuery } from '../../wire.js';

export const getOutcomes = defineRoute({
  method: 'GET',
  path: '/v1/admin/reports/outcomes',
  operationId: 'listOutcomes',
  summary: 'The cycles that reached MQL between from and to (default: the last 30 days), with what sales made of each: what `winnow backtest` replays',
  access: 'admin',
  query: outcomesQuery,
  responses: {
    200: { description: '{outcomes, cursor?}', schema: outcomePageOut },
    400: { description: 'A period, limit or cursor that is not valid', schema: errorOut },
  },
  handle: async ({ query }, deps) => ({ status: 200, body: await listOutcomes(deps, query, query.limit, query.cursor) }),
});
