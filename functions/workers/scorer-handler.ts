import { loadAdapters } from '../adapters/clients.js';

/** The scorer on AWS: the secrets (link key, Slack webhook) read once at init, then the handler the local host polls with. */
await loadAdapters();

export { handler } from './scorer.js';
