import { adminScript, adminScriptHash } from './assets.generated.js';
import { definePage } from './page-route.js';

const STYLE = `
:root { color-scheme: light dark; --ink: #1f2328; --muted: #59636e; --paper: #fff; --band: #f6f8fa; --line: #d0d7de; --brand: #0b5cad; --on-brand: #fff; --bad: #b3261e; --good: #1a7f37;
  --bar-MQL: #0b5cad; --bar-SAL: #1a7f37; --bar-SQL: #8250df; --bar-nurture: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6edf3; --muted: #9da7b3; --paper: #0f1317; --band: #161b22; --line: #30363d; --brand: #58a6ff; --on-brand: #0d1117; --bad: #ff8b82; --good: #56d364;
  --bar-MQL: #58a6ff; --bar-SAL: #56d364; --bar-SQL: #bc8cff; --bar-nurture: #d29922; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); }
header.bar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); background: var(--band); }
header.bar a { color: var(--ink); font-weight: 700; text-decoration: none; }
header.bar nav { display: flex; gap: 1rem; align-items: center; }
header.bar nav a { font-weight: 400; color: var(--brand); text-decoration: underline; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
button { font: inherit; padding: .4rem .9rem; border-radius: 6px; border: 1px solid var(--brand); background: var(--brand); color: var(--on-brand); cursor: pointer; }
button.secondary, button.stage { background: transparent; color: var(--brand); }
button.stage[aria-pressed=true] { background: var(--brand); color: var(--on-brand); }
button.link { border: 0; background: none; color: var(--brand); padding: 0; text-decoration: underline; text-align: start; }
button.reject { border-color: var(--bad); background: var(--bad); color: var(--paper); }
:focus-visible { outline: 2px solid var(--brand); outline-offset: 2px; }
input, textarea, select { font: inherit; color: inherit; background: var(--paper); border: 1px solid var(--muted); border-radius: 4px; padding: .4rem .5rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.sign-in { max-width: 24rem; margin: 3rem auto; display: grid; gap: .5rem; }
.sign-in button { justify-self: start; }
.muted { color: var(--muted); }
.error { color: var(--bad); margin: .25rem 0; }
.error:empty, .notice:empty { display: none; }
.notice { color: var(--good); font-weight: 600; }
.stages { display: flex; flex-wrap: wrap; gap: .4rem; margin-bottom: .75rem; }
section.lead { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
table { border-collapse: collapse; width: 100%; }
.table-scroll { max-width: 100%; overflow-x: auto; margin: 0 0 1rem; }
caption { text-align: start; font-weight: 600; padding: .25rem 0; }
th, td { text-align: start; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; }
tbody th { font-weight: 400; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.decide { border-block: 1px solid var(--line); padding: .25rem 0 1rem; margin-bottom: 1rem; }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; margin-bottom: .75rem; }
.reject textarea { width: 100%; display: block; margin-bottom: .5rem; }
.period { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; margin-bottom: .75rem; }
.assigned .due { display: block; font-size: .9em; }
.due.late { color: var(--bad); font-weight: 600; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; min-width: 0; }
legend { font-weight: 600; padding: 0; margin-bottom: .25rem; }
.inline, .away-form .days { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; margin-bottom: .5rem; }
.inline .grow { flex: 1 1 12rem; }
.inline .grow input, .away-form input[type=text] { width: 100%; }
.inline label, .away-form label { font-weight: 400; color: var(--muted); }
.reject select { display: block; max-width: 100%; margin-bottom: .5rem; }
.reject .muted { margin: 0 0 .5rem; }
section.team { margin-top: 2.5rem; }
ul.reps { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 19rem), 1fr)); gap: 1rem; }
li.rep { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
li.rep h3 { margin: 0; }
li.rep .rep-email { margin: 0 0 .5rem; overflow-wrap: anywhere; }
li.rep dl.facts { margin-bottom: .5rem; }
.availability { display: flex; align-items: center; gap: .45rem; margin: 0 0 .25rem; font-weight: 600; }
.availability::before { content: ""; flex: none; width: .7rem; height: .7rem; border-radius: 50%; background: var(--muted); }
.availability-available::before { background: var(--good); }
.availability-away::before { background: var(--bar-nurture); }
.availability-full::before { background: var(--bad); }
.planned, .away-note { margin: 0 0 .25rem; color: var(--muted); }
.turn { display: inline-block; margin: 0 0 .75rem; padding: .1rem .6rem; border: 1px solid var(--brand); border-radius: 999px; font-weight: 600; }
.stuck { border-inline-start: 4px solid var(--bar-nurture); padding: .25rem .75rem; background: var(--band); }
.away-form { border-top: 1px solid var(--line); margin-top: .25rem; padding-top: .75rem; }
.away-form .muted { margin: .25rem 0 .5rem; font-size: .9em; }
.period .error { flex-basis: 100%; margin: 0; }
section.speed { margin-top: 2.5rem; }
section.speed p:empty { display: none; }
.empty { margin: 0 0 1rem; padding: .75rem 1rem; background: var(--band); border: 1px dashed var(--line); border-radius: 8px; }
.speed-chart { max-width: 48rem; margin: 0 0 1rem; font-size: 14px; }
.speed-chart figcaption { font-weight: 600; padding: .25rem 0 .5rem; }
ul.speed-bars { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
li.speed-row { display: grid; grid-template-columns: minmax(6rem, 11rem) minmax(0, 1fr) 10rem; gap: .25rem .75rem; align-items: center; }
.speed-name { overflow-wrap: anywhere; }
.speed-track { position: relative; align-self: stretch; min-height: 26px; }
.speed-bar { position: absolute; left: 0; top: 50%; height: 26px; transform: translateY(-50%); min-width: 2px; border-radius: 3px; background: var(--bar-MQL); }
.speed-bar.over { background: var(--bad); }
.speed-sla { position: absolute; top: -5px; bottom: -5px; width: 0; border-left: 2px dashed var(--ink); transform: translateX(-1px); }
.speed-value { font-variant-numeric: tabular-nums; }
.speed-over { color: var(--bad); white-space: nowrap; }
.speed-key { display: flex; align-items: center; gap: .5rem; margin: .75rem 0 1rem; }
.speed-key-line { flex: none; height: 1.25em; border-left: 2px dashed var(--ink); }
.speed-notes { font-size: .9em; max-width: 48rem; }
/* Ten columns: on a phone the table scrolls sideways, its headers wrapped to a width they read in and its first column (who) in view. */
.speed-report table { width: max-content; min-width: 100%; }
.speed-report thead th { width: 5.5rem; }
.speed-report thead th.median { width: 11rem; }
.speed-report td, .speed-report tbody th { white-space: nowrap; }
.speed-report tbody th, .speed-report thead th:first-child { position: sticky; left: 0; background: var(--paper); }
@media (max-width: 40rem) {
  main { padding-inline: .75rem; }
  section.lead { padding: .75rem; }
  th, td { padding: .35rem .3rem; }
  .optional { display: none; }
  li.speed-row { grid-template-columns: minmax(0, 1fr) auto; }
  .speed-track { grid-column: 1 / -1; grid-row: 2; }
}
`;

/** The script is inlined; the CSP allows exactly it (its hash made by `npm run widget:build`), so an injected script cannot read the token. */
const CSP = [
  "default-src 'none'",
  `script-src ${adminScriptHash}`,
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const adminPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="robots" content="noindex">
<title>Winnow admin</title>
<style>${STYLE}</style>
</head>
<body>
<header class="bar">
  <a href="/admin">Winnow admin</a>
  <nav aria-label="Admin"><a href="/">Demo page</a><button type="button" id="sign-out" class="secondary" hidden>Sign out</button></nav>
</header>
<main id="admin"><noscript>The admin page needs JavaScript.</noscript></main>
<script>${adminScript}</script>
</body>
</html>
`;

export const getAdminPage = definePage({
  method: 'GET',
  path: '/admin',
  operationId: 'getAdminPage',
  summary: 'The admin page: leads by stage, a lead’s scores and history, accept / reject / convert, the funnel (signs in with the admin token)',
  access: 'open',
  responses: { 200: { description: 'A page; its script calls the admin API with the token' } },
  handle: async () => ({
    status: 200,
    html: adminPage,
    headers: { 'cache-control': 'no-store', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' },
  }),
});
