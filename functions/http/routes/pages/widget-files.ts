import { widgetModule, widgetModuleGzip, widgetModuleTag, widgetScript, widgetScriptGzip, widgetScriptTag } from './assets.generated.js';
import { definePage, type PageDependencies } from './page-route.js';
import type { RouteOf } from '../../framework/route.js';

/**
 * The URL carries no version, so sites pick up a new widget within minutes; in between, the
 * ETag makes a browser's or CDN's recheck a bodiless 304.
 */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

const matches = (ifNoneMatch: string | undefined, etag: string): boolean =>
  (ifNoneMatch ?? '').split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim()));

/** API Gateway's HTTP APIs compress nothing: the widget's size budget is its gzipped size, so send that. */
const acceptsGzip = (acceptEncoding: string | undefined): boolean =>
  (acceptEncoding ?? '').split(',').some((coding) => {
    const [name = '', ...params] = coding.trim().toLowerCase().split(';');
    return (name === 'gzip' || name === '*') && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });

/** A served script, its ETag and its gzipped bytes (base64), all made by `npm run widget:build`, so a cold start hashes and compresses nothing. */
interface ScriptAsset {
  source: string;
  tag: string;
  gzip: string;
}

const scriptFile = (path: string, operationId: string, summary: string, { source, tag, gzip: gzipBase64 }: ScriptAsset): RouteOf<PageDependencies> => {
  const gzipped = Buffer.from(gzipBase64, 'base64');
  // Any site may load it (a module import needs CORS); it reads nothing but the API it is pointed at.
  const common = { 'cache-control': CACHE_CONTROL, 'access-control-allow-origin': '*', vary: 'accept-encoding' };
  const content = { 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' };
  return definePage({
    method: 'GET',
    path,
    operationId,
    summary,
    access: 'open',
    responses: { 200: { description: 'JavaScript, gzipped when the browser accepts it' }, 304: { description: 'Unchanged since the ETag given in If-None-Match' } },
    handle: async (request) => {
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      // Each representation has its own ETag, so a cache never serves gzip to whom asked for none.
      const etag = gzip ? `"${tag}-gzip"` : `"${tag}"`;
      if (matches(request.headers['if-none-match'], etag)) return { status: 304, headers: { ...common, etag } };
      return gzip
        ? { status: 200, bytes: gzipped, headers: { ...common, ...content, etag, 'content-encoding': 'gzip' } }
        : { status: 200, text: source, headers: { ...common, ...content, etag } };
    },
  });
};

export const getWidgetScript = scriptFile('/widget.js', 'getWidgetScript', 'The widget as a script tag: mounts a form into every [data-winnow-form]', {
  source: widgetScript,
  tag: widgetScriptTag,
  gzip: widgetScriptGzip,
});
export const getWidgetModule = scriptFile('/widget.mjs', 'getWidgetModule', 'The widget as an ES module: export mount(element, {api, formId})', {
  source: widgetModule,
  tag: widgetModuleTag,
  gzip: widgetModuleGzip,
});
