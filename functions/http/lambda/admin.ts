import { adaptersFrom, afterSecrets } from '../../adapters/clients.js';
import { adminRoutes } from '../routes/admin/index.js';
import { httpDependencies } from '../dependencies.js';
import { createRouter } from '../framework/router.js';

/** The admin function on AWS: the admin API alone, the one function allowed to read the admin token. */
export const handler = afterSecrets(
  (adapters) => createRouter(httpDependencies(adapters), adminRoutes),
  () => adaptersFrom(process.env),
);
