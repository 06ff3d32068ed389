import type { PageConfig } from '../../../adapters/config.js';
import { defineRoute, type Route, type RouteOf } from '../../framework/route.js';

/** What the page routes read: the config alone, so the pages function loads no AWS SDK and is granted nothing. */
export interface PageDependencies {
  config: PageConfig;
}

/** A page, script or document at a fixed path, served from the config alone. */
export const definePage = (route: Route<undefined, undefined, undefined, PageDependencies>): RouteOf<PageDependencies> => defineRoute(route);
