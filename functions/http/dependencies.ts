import { randomBytes } from 'node:crypto';
import { defaultAdapters, type Adapters } from '../adapters/clients.js';
import type { Dependencies } from './route.js';

/** What the API functions serve with on AWS and `npm start` serves with locally: the real adapters and clock. */
export const defaultDependencies = (adapters: Adapters = defaultAdapters()): Dependencies => {
  return {
    ...adapters,
    now: () => new Date(),
    newLeadId: () => randomBytes(16).toString('base64url'),
    adminToken: async () => adapters.config.WINNOW_ADMIN_TOKEN,
  };
};
