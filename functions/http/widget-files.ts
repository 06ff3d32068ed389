import { createHash } from 'node:crypto';
import { widgetModule, widgetScript } from './assets/assets.generated.js';
import { defineRoute, type Route } from './route.js';

/**
 * The URL carries no version, so sites pick up a new widget within minutes; in between, the
 * ETag makes a browser's or CDN's recheck a bodiless 304.
 */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

const matches = (ifNoneMatch: string | undefined, etag: string): boolean =>
  (ifNoneMatch ?? '').split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim()));

const scriptFile = (path: string, summary: string, source: string): Route => {
  const etag = `"${createHash('sha256').update(source).digest('base64url').slice(0, 22)}"`;
  // Any site may load it (a module import needs CORS); it reads nothing but the API it is pointed at.
  const headers = { 'cache-control': CACHE_CONTROL, etag, 'access-control-allow-origin': '*' };
  return defineRoute({
    method: 'GET',
    path,
    summary,
    access: 'open',
    responses: { 200: { description: 'JavaScript' }, 304: { description: 'Unchanged since the ETag given in If-None-Match' } },
    handle: async (request) =>
      matches(request.headers['if-none-match'], etag)
        ? { status: 304, headers }
        : { status: 200, text: source, headers: { ...headers, 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' } },
  });
};

export const getWidgetScript = scriptFile('/widget.js', 'The widget as a script tag: mounts a form into every [data-winnow-form]', widgetScript);
export const getWidgetModule = scriptFile('/widget.mjs', 'The widget as an ES module: export mount(element, {api, formId})', widgetModule);
