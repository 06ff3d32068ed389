import { loadAdapters } from '../adapters/clients.js';
import { createApi, defaultDependencies, routesFor } from './api.js';

/** The admin function on AWS: the admin API alone, the one function allowed to read the admin token. */
await loadAdapters();

export const handler = createApi(defaultDependencies(), routesFor('admin'));
