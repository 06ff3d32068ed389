import { adaptersFrom, afterSecrets } from '../adapters/clients.js';
import { createSla } from './sla.js';
import { scorerDependencies } from './wiring.js';

/** The SLA job on AWS, run by a schedule: `runSla` over every MQL, once the secrets are read. */
export const handler = afterSecrets(
  (adapters) => createSla(scorerDependencies(adapters)),
  () => adaptersFrom(process.env),
);
