import { adaptersFrom, afterSecrets } from '../adapters/clients.js';
import { createScorer } from './scorer.js';
import { scorerDependencies } from './wiring.js';

/** The scorer on AWS: the handler the local host polls with, once the secrets (link key, Slack webhook) are read. */
export const handler = afterSecrets(
  (adapters) => createScorer(scorerDependencies(adapters)),
  () => adaptersFrom(process.env),
);
