import { afterSecrets } from '../adapters/clients.js';
import { handler as sla } from './sla.js';

/** The SLA job on AWS, run by a schedule: `runSla` over every MQL, once the secrets are read. */
export const handler = afterSecrets(() => sla);
