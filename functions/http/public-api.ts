import { loadAdapters } from '../adapters/clients.js';
import { createApi, defaultDependencies, routesFor } from './api.js';

/**
 * The public function on AWS: every route but the admin API (the widget's calls, the pages,
 * the widget script, the feedback links). Its secrets are read once, at init.
 */
await loadAdapters();

export const handler = createApi(defaultDependencies(), routesFor('public'));
