import { formOrigins } from './form-origins.js';
import { createRouter } from './router.js';
import type { Dependencies, Route } from './route.js';
import { routes } from './routes.js';

export { defaultDependencies } from './dependencies.js';

/** The whole HTTP API as one handler, as `npm start` and the tests serve it. */
export const createApi = (deps: Dependencies, served: readonly Route[] = routes) => createRouter(deps, served, formOrigins(deps));
