import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../functions/http/api.js';
import { adminScript, widgetModule, widgetScript } from '../../../functions/http/routes/pages/assets.generated.js';
import { apiClient, testConfig, testDependencies } from '../../helpers/http.js';

const http = apiClient(createApi(testDependencies(testConfig({ WINNOW_SES_ENDPOINT: 'http://127.0.0.1:4567' }))));

describe('the widget files and the pages the API serves', () => {
  it.each([
    ['/widget.js', widgetScript],
    ['/widget.mjs', widgetModule],
  ])('%s is JavaScript any site may load, cached briefly and revalidated by its ETag', async (path, source) => {
    const response = await http.get(path, { headers: { origin: 'https://anywhere.example' } });

    expect(response.status).toBe(200);
    expect(response.body).toBe(source);
    expect(response.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'access-control-allow-origin': '*',
      'cache-control': expect.stringMatching(/^public, max-age=\d+/),
      etag: expect.stringMatching(/^"[\w-]+"$/),
    });

    const again = await http.get(path, { headers: { 'if-none-match': `W/${response.headers.etag}, "other"` } });

    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.etag).toBe(response.headers.etag);
  });

  it.each([
    ['/widget.js', widgetScript],
    ['/widget.mjs', widgetModule],
  ])('%s is sent gzipped to a browser that accepts it, under an ETag of its own', async (path, source) => {
    const plain = await http.get(path);
    const gzipped = await http.get(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const refused = await http.get(path, { headers: { 'accept-encoding': 'gzip;q=0, identity' } });

    expect(gzipped.status).toBe(200);
    expect(gzipped.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding', 'content-type': 'text/javascript; charset=utf-8' });
    expect(gunzipSync(gzipped.body as Buffer).toString('utf8')).toBe(source);
    expect((gzipped.body as Buffer).byteLength).toBeLessThan(source.length / 2);
    expect(gzipped.headers.etag).not.toBe(plain.headers.etag);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(source);
    expect((await http.get(path, { headers: { 'accept-encoding': 'gzip', 'if-none-match': gzipped.headers.etag ?? '' } })).status).toBe(304);
  });

  it('the two widget files differ in ETag, and a stale ETag gets the file again', async () => {
    const script = await http.get('/widget.js');
    const module = await http.get('/widget.mjs');

    expect(script.headers.etag).not.toBe(module.headers.etag);
    expect((await http.get('/widget.js', { headers: { 'if-none-match': module.headers.etag ?? '' } })).status).toBe(200);
  });

  it('the demo page embeds the demo-request and e-book forms with the widget, and links the local mail inbox', async () => {
    const response = await http.get('/');

    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = String(response.body);
    expect(html).toContain('<script src="/widget.js" async></script>');
    expect(html).toContain('<div data-winnow-form="demo-request"></div>');
    expect(html).toContain('<div data-winnow-form="ebook-download" data-winnow-steps="2"></div>');
    expect(html).toContain('href="http://127.0.0.1:4567/"');
  });

  it('the demo page has no inbox link where no mail catcher runs (on AWS)', async () => {
    const onAws = apiClient(createApi(testDependencies(testConfig())));

    expect(String((await onAws.get('/')).body)).not.toContain('mail inbox');
  });

  it('the admin page inlines its script, and its CSP allows exactly that script and calls to this host only', async () => {
    const response = await http.get('/admin');

    const csp = response.headers['content-security-policy'] ?? '';
    expect(String(response.body)).toContain(`<script>${adminScript}</script>`);
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(adminScript).digest('base64')}'`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('no bundle can end its inline <script> early', () => {
    for (const source of [widgetScript, widgetModule, adminScript]) expect(source).not.toMatch(/<\/script/i);
  });

  it.each(['/widget.js', '/', '/admin', '/healthz', '/v1/openapi.json'])('answers HEAD %s as its GET, headers and all, without the body', async (path) => {
    // Prepare
    const get = await http.get(path, { headers: { 'accept-encoding': 'gzip' } });

    // Act
    const head = await http.send('HEAD', path, { headers: { 'accept-encoding': 'gzip' } });

    // Assess
    const getBytes = Buffer.isBuffer(get.body) ? get.body.length : Buffer.byteLength(typeof get.body === 'string' ? get.body : JSON.stringify(get.body));
    expect(head.status).toBe(200);
    expect(head.headers).toEqual({ ...get.headers, 'content-length': String(getBytes) });
    expect(head.body).toBeUndefined();
  });

  it('answers a HEAD that fails with its status and headers only, as well', async () => {
    // Act
    const head = await http.send('HEAD', '/v1/feedback/not-a-lead');

    // Assess
    expect(head.status).toBeGreaterThanOrEqual(400);
    expect(head.body).toBeUndefined();
  });

  it('answers HEAD only where a person or a monitor would ask: not on the widget’s API calls', async () => {
    // Act
    const head = await http.send('HEAD', '/v1/forms/demo-request/next', { headers: { origin: 'https://www.example.com' } });

    // Assess
    expect(head.status).toBe(404);
  });
});
