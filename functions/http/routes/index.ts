import { adminRoutes } from './admin/index.js';
import { pageRoutes } from './pages/index.js';
import { publicRoutes } from './public/index.js';
import type { Route } from '../framework/route.js';

/**
 * The route table in its three groups. On AWS each group is a function of its own, so the
 * public path bundles neither the admin API nor the pages; locally one router serves them all.
 */
export const routeGroups = { public: publicRoutes, admin: adminRoutes, pages: pageRoutes } as const satisfies Record<string, Route[]>;

export type RouteGroup = keyof typeof routeGroups;

/** The one route table: the local host, the OpenAPI document and the stack's routes all read it. */
export const routes: Route[] = Object.values(routeGroups).flat();
