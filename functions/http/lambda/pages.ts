import { readPageConfig } from '../../adapters/config.js';
import { pageRoutes } from '../routes/pages/index.js';
import type { PageDependencies } from '../routes/pages/page-route.js';
import { createRouter } from '../framework/router.js';

/**
 * What the pages function serves with: the config alone. The pages, the widget and the OpenAPI
 * document are built into the bundle, so it loads no AWS SDK and is granted nothing.
 * test/infra/route-groups.test.ts serves every page route with exactly this.
 */
export const pageDependencies = (env: NodeJS.ProcessEnv): PageDependencies => ({ config: readPageConfig(env) });

/** The pages function on AWS: the demo and admin pages, the widget script and module, the OpenAPI document. */
export const handler = createRouter(pageDependencies(process.env), pageRoutes);
