import { escapeHtml } from '../../../core/html.js';
import { definePage } from './page-route.js';

/** The key the widget keeps its leadId under (widget/src/lead-id.ts): "start over" forgets it. */
const LEAD_KEY = 'winnow.leadId';

const STYLE = `
:root { color-scheme: light dark; --ink: #1f2328; --muted: #59636e; --paper: #fff; --band: #f4f6f8; --line: #d0d7de; --brand: #0b5cad; --on-brand: #fff; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6edf3; --muted: #9da7b3; --paper: #0f1317; --band: #161b22; --line: #30363d; --brand: #58a6ff; --on-brand: #0d1117; } }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); }
a { color: var(--brand); }
.wrap { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { border-bottom: 1px solid var(--line); }
header.site .wrap { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding-block: .9rem; flex-wrap: wrap; }
.logo { font-weight: 800; font-size: 1.25rem; text-decoration: none; color: var(--ink); letter-spacing: -.01em; }
nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
.hero { padding: 4rem 0 3rem; }
.hero h1 { font-size: clamp(2rem, 5vw, 3.1rem); line-height: 1.1; margin: 0 0 1rem; letter-spacing: -.02em; max-width: 20ch; }
.lede { font-size: 1.2rem; color: var(--muted); max-width: 40rem; margin: 0 0 1.75rem; }
.cta { display: inline-block; padding: .7rem 1.3rem; border-radius: 6px; background: var(--brand); color: var(--on-brand); font-weight: 600; text-decoration: none; margin: 0 .75rem .75rem 0; }
.cta.quiet { background: transparent; color: var(--brand); border: 1px solid var(--brand); }
section.band { background: var(--band); border-block: 1px solid var(--line); padding: 3rem 0; }
section.plain { padding: 3rem 0; }
h2 { font-size: 1.6rem; margin: 0 0 1rem; }
.features { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1.5rem; list-style: none; padding: 0; margin: 0; }
.features h3 { margin: 0 0 .4rem; font-size: 1.1rem; }
.features p, .muted { color: var(--muted); margin: 0; }
.split { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 2.5rem; align-items: start; }
.split ul { padding-left: 1.2rem; }
.plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; list-style: none; padding: 0; margin: 0; }
.plans li { border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; background: var(--paper); }
.plans h3 { margin: 0; font-size: 1.05rem; }
.price { font-size: 1.6rem; font-weight: 700; margin: .3rem 0; }
.how { border: 1px dashed var(--line); border-radius: 8px; padding: 1.25rem 1.5rem; }
.how h2 { font-size: 1.2rem; }
.how button { font: inherit; padding: .45rem 1rem; border-radius: 6px; border: 1px solid var(--brand); background: transparent; color: var(--brand); cursor: pointer; }
footer { border-top: 1px solid var(--line); padding: 1.5rem 0 2.5rem; color: var(--muted); font-size: .95rem; }
footer ul { display: flex; gap: 1.25rem; list-style: none; margin: .5rem 0 0; padding: 0; flex-wrap: wrap; }
`;

/** The widget as a site embeds it; without `data-api` it calls the host it was loaded from. */
const widget = (formId: string, steps?: number): string =>
  `<div data-winnow-form="${escapeHtml(formId)}"${steps ? ` data-winnow-steps="${steps}"` : ''}></div>`;

const demoPage = (inbox: string | undefined): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Winnow: shorter forms, better leads</title>
<meta name="description" content="Winnow asks each visitor only the next few questions it does not know yet, scores every lead, and tells sales the moment one is ready.">
<style>${STYLE}</style>
<script src="/widget.js" async></script>
</head>
<body>
<header class="site"><div class="wrap">
  <a class="logo" href="/">Winnow</a>
  <nav aria-label="Main"><ul>
    <li><a href="#features">Features</a></li>
    <li><a href="#ebook">E-book</a></li>
    <li><a href="#pricing">Pricing</a></li>
    <li><a href="#demo">Book a demo</a></li>
  </ul></nav>
</div></header>
<main>
  <div class="hero"><div class="wrap">
    <h1>Shorter forms. Better leads.</h1>
    <p class="lede">Winnow asks each visitor only the next few questions it doesn’t know yet, scores every lead on fit and interest, and tells sales the moment one is ready — with the reasons.</p>
    <a class="cta" href="#demo">Book a demo</a><a class="cta quiet" href="#ebook">Get the free e-book</a>
  </div></div>

  <section class="band" id="features" aria-labelledby="features-title"><div class="wrap">
    <h2 id="features-title">Why teams switch to Winnow</h2>
    <ul class="features">
      <li><h3>Progressive profiling</h3><p>Two questions per visit instead of twelve on the first. A field answered on one form is never asked on another.</p></li>
      <li><h3>Scores with reasons</h3><p>Fit from what leads tell you, interest from what they do, decaying over time. Every point is explained.</p></li>
      <li><h3>Sales told once</h3><p>The moment a lead qualifies, sales hears of it by email or Slack, once, and accepts or returns it in one click.</p></li>
    </ul>
  </div></section>

  <section class="plain" id="ebook" aria-label="Free e-book"><div class="wrap split">
    <div>
      <h2>The lead-scoring playbook</h2>
      <p>Forty pages on scoring leads sales will actually call: BANT and ideal-customer fit, interest that fades, and the routing grid that decides who calls whom.</p>
      <ul><li>Copy-ready fit criteria</li><li>How to pick half-lives for interest</li><li>SLAs sales agrees to</li></ul>
    </div>
    ${widget('ebook-download', 2)}
  </div></section>

  <section class="band" id="pricing" aria-labelledby="pricing-title"><div class="wrap">
    <h2 id="pricing-title">Pricing</h2>
    <ul class="plans">
      <li><h3>Starter</h3><p class="price">$0</p><p class="muted">Up to 1,000 leads a month, one playbook.</p></li>
      <li><h3>Growth</h3><p class="price">$49/mo</p><p class="muted">Unlimited forms, Slack alerts, the funnel report.</p></li>
      <li><h3>Scale</h3><p class="price">Let’s talk</p><p class="muted">Your own AWS account, SSO, a named engineer.</p></li>
    </ul>
  </div></section>

  <section class="plain" id="demo" aria-label="Book a demo"><div class="wrap split">
    <div>
      <h2>See it on your own funnel</h2>
      <p>Thirty minutes with a specialist: your forms, your playbook, your first qualified leads.</p>
      <aside class="how" aria-labelledby="how-title">
        <h2 id="how-title">How this demo works</h2>
        <p>Answer a step of either form, then reload: each form asks only what Winnow doesn’t know yet, and a field answered on one form is not asked on the other.</p>
        <p>The demo request raises the lead’s hand: it goes to sales at once. Follow it on the <a href="/admin">admin page</a>${inbox ? ` and in the <a href="${escapeHtml(inbox)}">mail inbox</a>` : ''}.</p>
        <p><button type="button" id="start-over">Start over as a new visitor</button></p>
      </aside>
    </div>
    ${widget('demo-request')}
  </div></section>
</main>
<footer><div class="wrap">
  <p>Winnow demo page, served by the same handler as the API.</p>
  <ul><li><a href="/admin">Admin</a></li><li><a href="/v1/openapi.json">API (OpenAPI)</a></li><li><a href="/healthz">Health</a></li></ul>
</div></footer>
<script>
document.getElementById('start-over').addEventListener('click', function () {
  try { localStorage.removeItem(${JSON.stringify(LEAD_KEY)}); } catch (e) {}
  location.reload();
});
</script>
</body>
</html>
`;

export const getDemoPage = definePage({
  method: 'GET',
  path: '/',
  operationId: 'getDemoPage',
  summary: 'The demo landing page: the demo-request and ebook-download forms, embedded with the widget',
  access: 'open',
  responses: { 200: { description: 'A page' } },
  handle: async (_, deps) => {
    // The local host's mail catcher shows its inbox at its root: what sales would receive.
    const ses = deps.config.WINNOW_SES_ENDPOINT;
    return { status: 200, html: demoPage(ses ? new URL('/', ses).href : undefined), headers: { 'cache-control': 'no-cache' } };
  },
});
