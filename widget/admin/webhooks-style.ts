import { h } from '../src/dom.js';

/*
 * The badges pair a colour with its words; each colour is the page's own --good, --bad and
 * amber, whose contrast on the paper is 4.5:1 or more in light and in dark (admin-page.ts).
 */
const CSS = `
section.webhooks-section { margin-top: 2.5rem; }
section.webhooks-section p:empty { display: none; }
.webhooks-bar { display: flex; justify-content: space-between; align-items: center; gap: .5rem 1rem; flex-wrap: wrap; margin-bottom: .25rem; }
.webhooks-bar h2 { margin: 0; }
.webhooks-section > .muted { max-width: 48rem; }
.webhook-panel:empty { display: none; }
.webhook-panel { margin: 0 0 1.25rem; }
.webhook-form, .secret-panel { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem 0; max-width: 48rem; background: var(--band); }
.webhook-form h3, .secret-panel h3 { margin-top: .25rem; }
.webhook-form input[type=url], .webhook-form input[type=text] { width: 100%; }
.webhook-form > .muted { margin: .25rem 0 .5rem; font-size: .9em; }
.webhook-form > label { margin-top: .75rem; }
.event-choices { margin: 1rem 0 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr)); gap: .5rem 1.5rem; }
.event-choices legend { margin-bottom: .5rem; }
.event-choices .error { grid-column: 1 / -1; }
.event-choice { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0 .5rem; align-items: start; align-content: start; }
.event-choice input { margin: .3rem 0 0; width: 1.05rem; height: 1.05rem; }
.event-choice label { margin: 0; font-weight: 600; }
.event-choice .event-hint { grid-column: 2; font-size: .875em; line-height: 1.35; }
.field-error:empty { display: none; }
.webhook-endpoints .empty > :first-child { margin-top: 0; }
.webhook-endpoints .empty > :last-child { margin-bottom: 0; }
.webhook-endpoints .empty ul { padding-inline-start: 1.25rem; }
.webhook-endpoints .empty li + li { margin-top: .35rem; }
.webhook-endpoints code { font-size: .9em; overflow-wrap: anywhere; }
.secret-warning { margin: 0 0 .5rem; }
.secret-value { display: block; padding: .6rem .75rem; margin: 0 0 .5rem; font: 14px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; background: var(--paper); border: 1px solid var(--muted); border-radius: 6px; user-select: all; }
.secret-panel .actions { align-items: center; }
.loading { display: flex; align-items: center; gap: .5rem; color: var(--muted); }
.loading::before { content: ""; flex: none; width: 1rem; height: 1rem; border-radius: 50%; border: 2px solid var(--line); border-top-color: var(--brand); animation: webhooks-spin .8s linear infinite; }
.loading:empty { display: none; }
@keyframes webhooks-spin { to { transform: rotate(1turn); } }
@media (prefers-reduced-motion: reduce) { .loading::before { animation: none; border-top-color: var(--line); background: var(--brand); transform: scale(.5); } }
ul.webhooks { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
li.webhook { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem .25rem; min-width: 0; }
.webhook-head { display: flex; align-items: center; gap: .25rem .75rem; flex-wrap: wrap; margin-bottom: .5rem; }
.webhook-head h3 { margin: 0; overflow-wrap: anywhere; }
li.webhook dl.facts { margin-bottom: .75rem; }
li.webhook dl.facts dd.muted { font-weight: 400; }
.webhook-url { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.badge { display: inline-flex; align-items: center; gap: .35rem; padding: 0 .55rem; border: 1px solid currentColor; border-radius: 999px; font-size: .85rem; font-weight: 600; line-height: 1.6; white-space: nowrap; }
.badge::before { content: ""; width: .5rem; height: .5rem; border-radius: 50%; background: currentColor; }
.badge-delivered { color: var(--good); }
.badge-pending { color: var(--bar-nurture); }
.badge-failed { color: var(--bad); }
button.danger { border-color: var(--bad); color: var(--bad); }
button.small { padding: .2rem .6rem; font-size: .9rem; }
button:disabled { opacity: .6; cursor: progress; }
.confirm { border-inline-start: 4px solid var(--bar-nurture); background: var(--band); padding: .5rem .75rem .1rem; margin: 0 0 .75rem; }
.confirm p { margin: 0 0 .5rem; }
.deliveries { border-top: 1px solid var(--line); padding-top: .5rem; margin-bottom: .5rem; }
.deliveries-bar { display: flex; align-items: center; justify-content: space-between; gap: .5rem; margin-bottom: .25rem; }
.deliveries-bar h4 { margin: 0; font-size: 1rem; }
.deliveries caption { font-weight: 400; color: var(--muted); }
.deliveries td, .deliveries tbody th { vertical-align: middle; }
.delivery-event, .delivery-status { display: flex; flex-direction: column; align-items: flex-start; gap: .1rem; }
.delivery-when, .delivery-status .muted { font-size: .85em; }
.deliveries .wrap { min-width: 9rem; overflow-wrap: anywhere; }
.outcome.failed { color: var(--bad); }
.phone-details { display: none; }
button.secondary[aria-expanded=true] { background: var(--band); box-shadow: inset 0 0 0 1px var(--brand); }
.webhook-form .actions { margin-top: 1rem; }
.deliveries > button { margin-bottom: .5rem; }
@media (max-width: 40rem) {
  li.webhook { padding-inline: .75rem; }
  .deliveries .phone-details { display: flex; flex-direction: column; gap: .1rem; margin-top: .2rem; overflow-wrap: anywhere; }
  .delivery-status { min-width: 0; }
}
`;

/** The webhooks view's rules, added to the page once, as the calibration view brings its own (calibration-style.ts). */
export const useWebhooksStyle = (): void => {
  if (document.getElementById('webhooks-style')) return;
  document.head.append(h('style', { id: 'webhooks-style' }, CSS));
};
