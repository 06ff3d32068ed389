import type { Adapters } from '../adapters/clients.js';
import { createLeadIds } from '../adapters/lead-ids.js';
import type { Dependencies } from './framework/route.js';

/** What the API functions serve with on AWS and `npm start` serves with locally: the adapters given, the real clock and lead ids. */
export const httpDependencies = (adapters: Adapters): Dependencies => ({
  ...adapters,
  now: () => new Date(),
  leadIds: createLeadIds(adapters.config.WINNOW_LINK_SECRET),
  adminToken: async () => adapters.config.WINNOW_ADMIN_TOKEN,
});
