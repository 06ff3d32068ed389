import { h } from './dom.js';

/**
 * One theme: each colour is the site's `--winnow-*` custom property if set (on the element or
 * above it), else this theme's own, read once into a short name the rules below use.
 */
const theme = (bg: string, text: string, muted: string, border: string, accent: string, onAccent: string, error: string): string =>
  `--wb:var(--winnow-bg,${bg});--wt:var(--winnow-text,${text});--wm:var(--winnow-muted,${muted});--wl:var(--winnow-border,${border});\
--wa:var(--winnow-accent,${accent});--wo:var(--winnow-on-accent,${onAccent});--we:var(--winnow-error,${error})`;

const DARK = theme('#1b1f24', '#e6edf3', '#9da7b3', '#768390', '#58a6ff', '#0d1117', '#ff8b82');

/**
 * The default look, light or dark as the visitor prefers (`data-winnow-theme="light|dark"` on the
 * element forces one); a site restyles it through the `--winnow-*` properties, or its own rules.
 */
const CSS = `.winnow{${theme('#fff', '#1f2328', '#59636e', '#8c959f', '#0b5cad', '#fff', '#b3261e')};\
--wr:var(--winnow-radius,8px);font:var(--winnow-font,inherit);color:var(--wt);background:var(--wb);border:1px solid var(--wl);\
border-radius:var(--wr);padding:var(--winnow-padding,1.25rem);max-width:var(--winnow-max-width,30rem);box-sizing:border-box;text-align:start}
@media (prefers-color-scheme:dark){.winnow:not([data-winnow-theme=light]){${DARK}}}
.winnow[data-winnow-theme=dark]{${DARK}}
.winnow *{box-sizing:border-box}
.winnow-title{font-size:1.2em;line-height:1.3;margin:0 0 1rem}
.winnow-field{margin:0 0 1rem;padding:0;border:0;min-width:0}
.winnow label,.winnow legend,.winnow .winnow-label{display:block;font-weight:600;margin:0 0 .3rem;padding:0}
.winnow input,.winnow select,.winnow textarea,.winnow .winnow-box{display:block;width:100%;font:inherit;color:inherit;\
background:var(--winnow-field-bg,var(--wb));border:1px solid var(--wl);border-radius:calc(var(--wr)/2);padding:.5em .6em;margin:0}
.winnow .winnow-check{display:flex;gap:.5em;align-items:baseline;margin:.25rem 0}
.winnow-check input{width:auto;flex:none;accent-color:var(--wa)}
.winnow-check label{font-weight:400;margin:0}
.winnow :focus-visible{outline:2px solid var(--wa);outline-offset:2px}
.winnow [aria-invalid=true]{border-color:var(--we);border-width:2px}
.winnow-help{color:var(--wm);font-size:.9em;margin:0 0 .3rem}
.winnow-error,.winnow-status{color:var(--we);font-size:.9em;margin:.3rem 0 0}
.winnow-status:empty,.winnow-bar:empty{display:none}
.winnow-status{margin:0 0 1rem}
.winnow-submit{display:inline-block;text-decoration:none;font:inherit;font-weight:600;color:var(--wo);background:var(--wa);border:0;border-radius:calc(var(--wr)/2);padding:.6em 1.4em;cursor:pointer}
.winnow-submit[aria-disabled]{opacity:.75;cursor:progress}
.winnow-hp{position:absolute;left:-9999px}
.winnow-bar{display:flex;flex-wrap:wrap;justify-content:space-between;min-height:1.5em;margin:-.6rem 0 .8rem;font-size:.9em;color:var(--wm)}
.winnow-ok{display:block;width:1.8em;line-height:1.8em;margin-bottom:.6rem;text-align:center;border-radius:50%;color:var(--wo);background:var(--wa)}
.winnow-who{font:inherit;color:var(--wa);background:none;border:0;padding:0;text-decoration:underline;cursor:pointer}
.winnow-sk{background:var(--wl);opacity:.3;border-radius:4px;width:9em}
.winnow-done{margin:0}
.winnow-done+a{margin-top:1rem}`;

/** Once per page, before the site's own styles so that theirs win at equal specificity. */
export const addStyle = (): void => {
  if (!document.getElementById('winnow-style')) document.head.prepend(h('style', { id: 'winnow-style' }, CSS));
};
