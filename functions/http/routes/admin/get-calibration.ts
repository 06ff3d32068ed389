import { calibration } from '../../../app/outcomes.js';
import { defineRoute } from '../../framework/route.js';
import { calibrationOut, calibrationQuery, errorOut } from '../../wire.js';

export const getCalibration = defineRoute({
  method: 'GET',
  path: '/v1/admin/reports/calibration',
  operationId: 'getCalibrationReport',
  summary: 'What sales made of the MQLs a playbook sent it between from and to (default: the last 30 days): baseline, grade × band cells, criteria values and event types by SQL rate and lift, return reasons by grade',
  access: 'admin',
  query: calibrationQuery,
  responses: {
    200: { description: 'The calibration report', schema: calibrationOut },
    400: { description: 'from after to, or a bound that is not a date', schema: errorOut },
    404: { description: 'No such playbook is published', schema: errorOut },
  },
  handle: async ({ query }, deps) => ({ status: 200, body: await calibration(deps, query) }),
});
