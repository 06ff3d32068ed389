import { adaptersFrom, afterSecrets } from '../../adapters/clients.js';
import { httpDependencies } from '../dependencies.js';
import { formOrigins } from '../framework/form-origins.js';
import { publicRoutes } from '../routes/public/index.js';
import { createRouter } from '../framework/router.js';

/**
 * The public function on AWS: the widget's calls, the health check and the feedback links.
 * It imports its own routes alone, so neither the admin API nor the pages weigh on its cold start.
 */
export const handler = afterSecrets(
  (adapters) => {
    const deps = httpDependencies(adapters);
    return createRouter(deps, publicRoutes, formOrigins(deps));
  },
  () => adaptersFrom(process.env),
);
