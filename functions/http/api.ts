import { formOrigins } from './framework/form-origins.js';
import { createRouter } from './framework/router.js';
import type { Dependencies, Route } from './framework/route.js';
import { routes } from './routes/index.js';

/** The whole HTTP API as one handler, as `npm start` and the tests serve it. */
export const createApi = (deps: Dependencies, served: readonly Route[] = routes) => createRouter(deps, served, formOrigins(deps));
