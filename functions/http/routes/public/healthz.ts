import { defineRoute } from '../../framework/route.js';
import { healthOut } from '../../wire.js';

export const healthz = defineRoute({
  method: 'GET',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'Liveness',
  access: 'open',
  responses: { 200: { description: 'Up', schema: healthOut } },
  handle: async () => ({ status: 200, body: { ok: true } }),
});
