import { defineRoute } from '../../framework/route.js';

export const healthz = defineRoute({
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness',
  access: 'open',
  responses: { 200: { description: '{ok: true}' } },
  handle: async () => ({ status: 200, body: { ok: true } }),
});
