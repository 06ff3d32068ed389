import { AbsenceSchema } from '../../../core/index.js';
import { clearAway, markAway } from '../../../app/teams.js';
import { defineRoute } from '../../framework/route.js';
import { errorOut, repParams } from '../../wire.js';

const PATH = '/v1/admin/teams/{id}/reps/{repId}/away';

export const putAway = defineRoute({
  method: 'PUT',
  path: PATH,
  operationId: 'putRepAway',
  summary: 'Mark a rep away (vacation, sick day) from `from` to `to`: the rotation skips them meanwhile, no republish needed',
  access: 'admin',
  params: repParams,
  body: AbsenceSchema,
  responses: {
    204: { description: 'Marked away' },
    400: { description: 'Not a valid absence (it must end after it starts, and in the future)', schema: errorOut },
    404: { description: 'No such team or rep', schema: errorOut },
  },
  handle: async ({ params, body }, deps) => {
    await markAway(deps, params.id, params.repId, body);
    return { status: 204 };
  },
});

export const deleteAway = defineRoute({
  method: 'DELETE',
  path: PATH,
  operationId: 'deleteRepAway',
  summary: 'Clear a rep’s absence: back in the rotation at once',
  access: 'admin',
  params: repParams,
  responses: {
    204: { description: 'Cleared (or there was none)' },
    404: { description: 'No such team or rep', schema: errorOut },
  },
  handle: async ({ params }, deps) => {
    await clearAway(deps, params.id, params.repId);
    return { status: 204 };
  },
});
