export interface LocalUrls {
  /** Where the browser reaches this host, e.g. http://localhost:3000. */
  base: string;
  /** The mail catcher's web inbox, when this host runs one. */
  inbox?: string;
  /** A form to try, when the project has one. */
  formId?: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const layout = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
  code, pre { font: 14px ui-monospace, monospace; background: #f3f3f3; border-radius: 4px; }
  pre { padding: .75rem; overflow-x: auto; }
  a { color: #0b57d0; }
</style>
</head>
<body>
${body}
</body>
</html>
`;

const links = (urls: LocalUrls): string => `<ul>
  <li><a href="${escapeHtml(`${urls.base}/v1/openapi.json`)}">API description (OpenAPI)</a></li>
${urls.inbox ? `  <li><a href="${escapeHtml(urls.inbox)}">Mail inbox</a>: what Winnow would send by email (SES)</li>\n` : ''}  <li><a href="${escapeHtml(`${urls.base}/healthz`)}">Health check</a></li>
</ul>`;

const tryIt = (urls: LocalUrls): string =>
  urls.formId === undefined
    ? ''
    : `<p>Ask for a form's first questions:</p>
<pre>curl ${escapeHtml(`${urls.base}/v1/forms/${encodeURIComponent(urls.formId)}/next`)}</pre>`;

const demoPage = (urls: LocalUrls): string =>
  layout(
    'Winnow (local)',
    `<h1>Winnow is running</h1>
<p>The HTTP API, storage, the scoring queue and the mail catcher run on this machine.
The demo landing page with the embeddable form widget is not built yet; it will live here.</p>
${tryIt(urls)}
${links(urls)}`,
  );

const adminPage = (urls: LocalUrls): string =>
  layout(
    'Winnow admin (local)',
    `<h1>Admin</h1>
<p>The admin page is not built yet; it will live here. Until then, use the admin API with
the token the terminal printed when Winnow started:</p>
<pre>curl -H "Authorization: Bearer $WINNOW_ADMIN_TOKEN" ${escapeHtml(`${urls.base}/v1/admin/leads/LEAD_ID`)}</pre>
${links(urls)}`,
  );

/** The local host's own pages: honest placeholders until the widget and admin issues land. */
export const localPages = (urls: LocalUrls) => {
  const pages = new Map([
    ['/', demoPage(urls)],
    ['/admin', adminPage(urls)],
    ['/admin/', adminPage(urls)],
  ]);
  return (path: string): string | undefined => pages.get(path);
};
