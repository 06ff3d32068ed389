import { escapeHtml as escape } from '../../../core/html.js';

/**
 * A small self-contained page for people who follow a link from a notification: often on a
 * phone, often in dark mode, so it follows the reader's colour scheme and keeps one landmark.
 */
export const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<title>${escape(title)} · Winnow</title>
<style>
  :root { color-scheme: light dark; --text: #1f2328; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --go: #1a7f37; --link: #0969da; }
  @media (prefers-color-scheme: dark) {
    :root { --text: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --line: #30363d; --go: #238636; --link: #4493f8; }
  }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: var(--text); background: var(--bg); }
  main { max-width: 36rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; overflow-wrap: anywhere; }
  a { color: var(--link); }
  button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: 6px; color: #fff; background: var(--go); cursor: pointer; }
  /* Returning a lead is a deliberate choice, not the default: a quieter, outlined button. */
  button.reject { color: var(--text); background: transparent; border: 1px solid var(--line); }
  select, textarea { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .4rem; max-width: 100%; }
  textarea { width: 100%; box-sizing: border-box; }
  .muted { color: var(--muted); }
</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>`;
