import { escapeHtml as escape } from '../../../core/html.js';

/** A small self-contained page for people who follow a link from a notification. */
export const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)} · Winnow</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
  h1 { font-size: 1.4rem; }
  button { font: inherit; padding: .5rem 1rem; border: 0; border-radius: 6px; color: #fff; background: #1a7f37; cursor: pointer; }
  button.reject { background: #cf222e; }
  textarea { width: 100%; font: inherit; }
  .muted { color: #57606a; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
${body}
</body>
</html>`;

