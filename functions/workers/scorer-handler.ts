import { afterSecrets } from '../adapters/clients.js';
import { handler as scorer } from './scorer.js';

/** The scorer on AWS: the handler the local host polls with, once the secrets (link key, Slack webhook) are read. */
export const handler = afterSecrets(() => scorer);
