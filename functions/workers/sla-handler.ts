import { loadAdapters } from '../adapters/clients.js';

/** The SLA job on AWS, run by a schedule: the secrets read once at init, then `runSla` over every MQL. */
await loadAdapters();

export { handler } from './sla.js';
