import type { RouteOf } from '../../framework/route.js';
import type { PageDependencies } from './page-route.js';
import { getAdminPage } from './admin-page.js';
import { getDemoPage } from './demo-page.js';
import { getOpenApi } from './openapi.js';
import { getWidgetModule, getWidgetScript } from './widget-files.js';

/** What people and sites load from the API host: the demo and admin pages, the widget and the API's description. */
export const pageRoutes: RouteOf<PageDependencies>[] = [getDemoPage, getAdminPage, getWidgetScript, getWidgetModule, getOpenApi];
