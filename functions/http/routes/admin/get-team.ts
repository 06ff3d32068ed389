import { readTeam } from '../../../app/teams.js';
import { defineRoute } from '../../framework/route.js';
import { documentParams, errorOut, teamOut, versionQuery } from '../../wire.js';

export const getTeam = defineRoute({
  method: 'GET',
  path: '/v1/admin/teams/{id}',
  operationId: 'getTeam',
  summary: 'The latest version of a team (or ?version=N), with each rep’s open load, absence, availability and turn',
  access: 'admin',
  params: documentParams,
  query: versionQuery,
  responses: {
    200: { description: 'The team as published, with its version, publishedAt and each rep’s standing now', schema: teamOut },
    404: { description: 'No such team or version', schema: errorOut },
  },
  handle: async ({ params, query }, deps) => ({ status: 200, body: await readTeam(deps, params.id, query.version) }),
});
