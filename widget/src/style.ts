import { h } from './dom.js';

/**
 * The default look. Every colour and size reads a `--winnow-*` custom property first, so a site
 * restyles the form from its own stylesheet; the `--w-*` fallbacks carry the light and dark themes
 * (`data-winnow-theme="light|dark"` on the element forces one).
 */
const DARK = '--w-bg:#1b1f24;--w-text:#e6edf3;--w-muted:#9da7b3;--w-border:#768390;--w-accent:#58a6ff;--w-on-accent:#0d1117;--w-error:#ff8b82';
const CSS = `.winnow{--w-bg:#fff;--w-text:#1f2328;--w-muted:#59636e;--w-border:#8c959f;--w-accent:#0b5cad;--w-on-accent:#fff;--w-error:#b3261e;\
--w-radius:var(--winnow-radius,8px);font:var(--winnow-font,inherit);color:var(--winnow-text,var(--w-text));\
background:var(--winnow-bg,var(--w-bg));border:1px solid var(--winnow-border,var(--w-border));border-radius:var(--w-radius);\
padding:var(--winnow-padding,1.25rem);max-width:var(--winnow-max-width,30rem);box-sizing:border-box;text-align:start}
@media (prefers-color-scheme:dark){.winnow:not([data-winnow-theme=light]){${DARK}}}
.winnow[data-winnow-theme=dark]{${DARK}}
.winnow *{box-sizing:border-box}
.winnow-title{font-size:1.2em;line-height:1.3;margin:0 0 1rem}
.winnow-field{margin:0 0 1rem;padding:0;border:0;min-width:0}
.winnow label,.winnow legend{display:block;font-weight:600;margin:0 0 .3rem;padding:0}
.winnow input,.winnow select,.winnow textarea{display:block;width:100%;font:inherit;color:inherit;\
background:var(--winnow-field-bg,var(--winnow-bg,var(--w-bg)));border:1px solid var(--winnow-border,var(--w-border));\
border-radius:calc(var(--w-radius)/2);padding:.5em .6em;margin:0}
.winnow .winnow-check{display:flex;gap:.5em;align-items:baseline;margin:.25rem 0}
.winnow-check input{width:auto;flex:none;accent-color:var(--winnow-accent,var(--w-accent))}
.winnow-check label{font-weight:400;margin:0}
.winnow :focus-visible{outline:2px solid var(--winnow-accent,var(--w-accent));outline-offset:2px}
.winnow [aria-invalid=true]{border-color:var(--winnow-error,var(--w-error));border-width:2px}
.winnow-help{color:var(--winnow-muted,var(--w-muted));font-size:.9em;margin:0 0 .3rem}
.winnow-error,.winnow-status{color:var(--winnow-error,var(--w-error));font-size:.9em;margin:.3rem 0 0}
.winnow-status:empty{display:none}
.winnow-status{margin:0 0 1rem}
.winnow-submit{font:inherit;font-weight:600;color:var(--winnow-on-accent,var(--w-on-accent));\
background:var(--winnow-accent,var(--w-accent));border:0;border-radius:calc(var(--w-radius)/2);padding:.6em 1.4em;cursor:pointer}
.winnow-submit[aria-disabled=true]{opacity:.75;cursor:progress}
.winnow-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.winnow-done,.winnow-loading{margin:0}`;

/** Once per page, before the site's own styles so that theirs win at equal specificity. */
export const addStyle = (): void => {
  if (!document.getElementById('winnow-style')) document.head.prepend(h('style', { id: 'winnow-style' }, CSS));
};
