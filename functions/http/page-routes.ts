import { getAdminPage } from './admin-page.js';
import { getDemoPage } from './demo-page.js';
import type { Route } from './route.js';
import { getWidgetModule, getWidgetScript } from './widget-files.js';

/** What people and sites load from the API host: the demo and admin pages and the widget. */
export const pageRoutes: Route[] = [getDemoPage, getAdminPage, getWidgetScript, getWidgetModule];
