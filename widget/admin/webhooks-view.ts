import { h } from '../src/dom.js';
import { adminAsk, adminCall, refusal, SignedOutError } from './admin-api.js';
import { dateTime } from './format.js';
import { deliveriesLog, type DeliveriesLog } from './webhooks-deliveries.js';
import { endpointForm, type EndpointSettings } from './webhooks-form.js';
import { secretPanel } from './webhooks-secret.js';
import { useWebhooksStyle } from './webhooks-style.js';
import { endpointIdFor, endpointName, eventLabel, SUBSCRIBABLE } from './webhooks-words.js';
import type { RotatedWebhookSecret, SavedWebhookEndpoint, WebhookEndpointView } from './types.js';

const BASE = '/v1/admin/webhooks';
const pathOf = (id: string): string => `${BASE}/${encodeURIComponent(id)}`;

/** The events an endpoint receives, as words: "every lead event" when it takes them all. */
const eventsWords = (events: readonly string[]): string =>
  SUBSCRIBABLE.every((type) => events.includes(type)) ? 'Every lead event' : new Intl.ListFormat(undefined).format(SUBSCRIBABLE.filter((type) => events.includes(type)).map(eventLabel));

const EMPTY_HELP = [
  'Winnow POSTs each event you pick (a lead qualified, a rep assigned, sales’ decisions, an erasure) to that URL as JSON: `{type, timestamp, data}`.',
  'Each delivery is signed by the Standard Webhooks specification: your receiver checks the `webhook-signature` header with the secret shown when you add the endpoint, using the `standardwebhooks` library (Node, Python, Go, Ruby, PHP, Java, C#, Rust), and skips a `webhook-id` it has seen.',
  'A receiver that does not answer 2xx within 10 s is tried again for about a day. `docs/webhooks.md` in the Winnow repository has a 20-line receiver, and how to point HubSpot, Salesforce or Zapier at it.',
];

/** A line whose `quoted` parts are code: header names, a package, a file. */
const withCode = (line: string): (Node | string)[] => line.split('`').map((part, index) => (index % 2 ? h('code', {}, part) : part));

/**
 * The Webhooks section (SPEC "Webhooks (CRM sync)"): the endpoints that send leads to a CRM, each
 * with its events and state, a test send, secret rotation, deletion and its deliveries log; and
 * the form that adds one, whose secret is shown once.
 */
export const webhooksView = (fail: (error: unknown) => void): { element: HTMLElement; refresh: () => Promise<void> } => {
  useWebhooksStyle();
  const notice = h('p', { class: 'notice', role: 'status' });
  const loading = h('p', { class: 'loading', role: 'status' });
  const list = h('div', { class: 'webhook-endpoints' });
  // Where a form or a new secret opens: above the list, so it is seen without scrolling past every endpoint.
  const panel = h('div', { class: 'webhook-panel' });
  const add = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'webhook-form' }, 'Add endpoint');
  let endpoints: WebhookEndpointView[] = [];
  const logs = new Map<string, DeliveriesLog>();

  const say = (message: string) => {
    notice.textContent = message;
  };
  /** A refused action, said in the card it was asked for in. */
  const refused = (where: HTMLElement, what: string) => (error: unknown) => {
    if (error instanceof SignedOutError) return fail(error);
    where.textContent = `${what}: ${refusal(error, 'the API did not answer. Check the connection and try again.')}`;
  };

  const closePanel = () => {
    panel.replaceChildren();
    add.setAttribute('aria-expanded', 'false');
  };

  const showSecret = (title: string, secret: string, note: string, focusAfter: () => HTMLElement | null | undefined) => {
    const shown = secretPanel({
      title,
      secret,
      note,
      done: () => {
        closePanel();
        focusAfter()?.focus();
      },
    });
    panel.replaceChildren(shown);
    add.setAttribute('aria-expanded', 'false');
    shown.querySelector<HTMLElement>('h3')?.focus();
  };

  const create = async (settings: EndpointSettings) => {
    const id = endpointIdFor(settings.url, endpoints.map((endpoint) => endpoint.id));
    const saved = await adminAsk<SavedWebhookEndpoint>('PUT', pathOf(id), settings);
    const name = endpointName(saved);
    await refresh();
    say(`Endpoint ${name} is added.`);
    if (saved.secret) {
      showSecret(`Signing secret for ${name}`, saved.secret, 'Deliveries to this endpoint are signed with it from now on. Lost it? Rotate the secret to get a new one.', () =>
        list.querySelector<HTMLElement>(`[data-endpoint="${id}"] h3`),
      );
    } else {
      closePanel();
    }
  };

  add.addEventListener('click', () => {
    if (add.getAttribute('aria-expanded') === 'true') {
      closePanel();
      add.focus();
      return;
    }
    panel.replaceChildren(
      endpointForm(create, () => {
        closePanel();
        add.focus();
      }),
    );
    add.setAttribute('aria-expanded', 'true');
    panel.querySelector('input')?.focus();
  });

  /** A question asked in the card before an action that cannot be undone (delete) or that changes what the receiver must hold (rotate). */
  const confirmIn = (card: HTMLElement, anchor: HTMLButtonElement, { question, detail, yes, destroys }: { question: string; detail: string; yes: string; destroys: boolean }, act: () => Promise<void>) => {
    card.querySelector('.confirm')?.remove();
    const go = h('button', { type: 'button', class: destroys ? 'reject' : undefined }, yes);
    const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const box = h('div', { class: 'confirm', role: 'group', 'aria-label': question }, h('p', {}, h('strong', {}, question), ' ', detail), h('div', { class: 'actions' }, go, no));
    no.addEventListener('click', () => {
      box.remove();
      anchor.focus();
    });
    go.addEventListener('click', () => {
      go.disabled = true;
      act().finally(() => box.remove());
    });
    anchor.closest('.actions')?.after(box);
    go.focus();
  };

  const card = (endpoint: WebhookEndpointView): HTMLElement => {
    const name = endpointName(endpoint);
    const titleId = `webhook-${endpoint.id}-title`;
    const state = endpoint.enabled
      ? h('span', { class: 'badge badge-delivered', 'data-field': 'state' }, 'Enabled')
      : h('span', { class: 'badge badge-failed', 'data-field': 'state' }, 'Disabled');
    const facts = h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'URL'),
      h('dd', { class: 'webhook-url', 'data-field': 'url' }, endpoint.url),
      h('dt', {}, 'Events'),
      h('dd', { 'data-field': 'events' }, eventsWords(endpoint.events)),
      ...(endpoint.description && endpoint.description !== name ? [h('dt', {}, 'Description'), h('dd', {}, endpoint.description)] : []),
      h('dt', {}, 'Added'),
      h('dd', {}, dateTime(endpoint.createdAt)),
      h('dt', {}, 'API id'),
      h('dd', { class: 'muted' }, endpoint.id),
    );
    // A test event still goes to a disabled endpoint (SPEC), so the receiver can be checked before it is enabled again.
    const warning = endpoint.disabledAt
      ? h('p', { class: 'stuck', 'data-field': 'state-note' }, `Winnow switched it off on ${dateTime(endpoint.disabledAt)}: every attempt failed for 5 days. Fix the receiver, send a test event to check it answers, then enable it again.`)
      : !endpoint.enabled
        ? h('p', { class: 'stuck', 'data-field': 'state-note' }, 'Disabled: Winnow sends it no lead events until it is enabled again. A test event still goes.')
        : endpoint.failingSince
          ? h('p', { class: 'stuck' }, `Failing since ${dateTime(endpoint.failingSince)}: see the deliveries below. After 5 days of failures Winnow switches it off.`)
          : undefined;

    // On a disabled endpoint "Enable again" is the one primary action.
    const test = h('button', { type: 'button', class: endpoint.enabled ? undefined : 'secondary', 'aria-label': `Send test event: ${name}` }, 'Send test event');
    const rotate = h('button', { type: 'button', class: 'secondary', 'aria-label': `Rotate secret: ${name}` }, 'Rotate secret');
    const remove = h('button', { type: 'button', class: 'secondary danger', 'aria-label': `Delete: ${name}` }, 'Delete');
    const logId = `deliveries-${endpoint.id}`;
    const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': logId, 'aria-label': `Deliveries: ${name}` }, 'Deliveries');
    // Enabling is the next step for a disabled endpoint, so it comes first; disabling is quiet and asks first.
    const onOff = endpoint.enabled
      ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Disable: ${name}`, 'data-action': 'switch' }, 'Disable')
      : h('button', { type: 'button', 'aria-label': `Enable again: ${name}`, 'data-action': 'switch' }, 'Enable again');
    const actions = endpoint.enabled ? h('div', { class: 'actions' }, test, toggle, onOff, rotate, remove) : h('div', { class: 'actions' }, onOff, test, toggle, rotate, remove);
    // What an action on this endpoint came to, said in its card: the card may be far down the page.
    const said = h('p', { class: 'notice', role: 'status', 'data-field': 'card-notice' });
    const trouble = h('p', { class: 'error', role: 'alert', 'data-field': 'card-error' });
    const item = h(
      'li',
      { class: 'webhook', 'data-endpoint': endpoint.id, 'aria-labelledby': titleId },
      h('div', { class: 'webhook-head' }, h('h3', { id: titleId, tabindex: -1 }, name), state),
      facts,
      ...(warning ? [warning] : []),
      actions,
      said,
      trouble,
    );

    // A new action in the card makes what earlier ones said stale: the section's line and the card's.
    item.addEventListener('click', (event) => {
      if (!(event.target instanceof Element) || !event.target.closest('button')) return;
      notice.textContent = '';
      said.textContent = '';
    });

    const openLog = (): DeliveriesLog => {
      let log = logs.get(endpoint.id);
      if (!log) {
        log = deliveriesLog(endpoint.id, name, fail);
        logs.set(endpoint.id, log);
      }
      if (!log.element.isConnected) item.append(log.element);
      toggle.setAttribute('aria-expanded', 'true');
      return log;
    };
    toggle.addEventListener('click', () => {
      if (toggle.getAttribute('aria-expanded') === 'true') {
        logs.get(endpoint.id)?.element.remove();
        toggle.setAttribute('aria-expanded', 'false');
        return;
      }
      void openLog().refresh();
    });
    // A log open before a redraw stays open, and is read again.
    if (logs.get(endpoint.id)) void openLog().refresh();

    test.addEventListener('click', () => {
      test.disabled = true;
      said.textContent = '';
      trouble.textContent = '';
      adminAsk('POST', `${pathOf(endpoint.id)}/test`)
        .then(async () => {
          said.textContent = `A test event is queued for ${name}: watch its delivery below.`;
          await openLog().refresh();
        })
        .catch(refused(trouble, `The test event could not be queued for ${name}`))
        .finally(() => {
          test.disabled = false;
        });
    });

    rotate.addEventListener('click', () => {
      trouble.textContent = '';
      confirmIn(
        item,
        rotate,
        {
          question: `Rotate the secret of ${name}?`,
          detail: 'A new secret signs every delivery from now on. For 24 hours each delivery carries a signature by the old secret too, so your receiver keeps working while you give it the new one.',
          yes: 'Rotate secret',
          destroys: false,
        },
        () =>
          adminAsk<RotatedWebhookSecret>('POST', `${pathOf(endpoint.id)}/rotate-secret`)
            .then((rotated) => {
              say(`The secret of ${name} is rotated.`);
              const until = rotated.previousSecretExpiresAt ? ` until ${dateTime(rotated.previousSecretExpiresAt)} (24 hours)` : ' for 24 hours';
              showSecret(
                `New signing secret for ${name}`,
                rotated.secret,
                `The previous secret keeps signing${until}, alongside this one: give your receiver the new secret before then.`,
                () => rotate,
              );
            })
            .catch(refused(trouble, `The secret of ${name} could not be rotated`)),
      );
    });

    /*
     * The API's PUT with the settings shown and `enabled` switched: it keeps the secrets (the
     * receiver needs none anew) and, switched on, counts failures afresh.
     */
    const switchTo = (enabled: boolean): Promise<void> =>
      adminAsk<SavedWebhookEndpoint>('PUT', pathOf(endpoint.id), { url: endpoint.url, events: endpoint.events, enabled, ...(endpoint.description ? { description: endpoint.description } : {}) })
        .then(async () => {
          await refresh();
          const fresh = list.querySelector<HTMLElement>(`[data-endpoint="${endpoint.id}"]`);
          const line = fresh?.querySelector('[data-field=card-notice]');
          if (line) line.textContent = enabled ? `${name} is enabled again: Winnow sends it lead events from now on.` : `${name} is disabled: Winnow sends it no lead events until you enable it again.`;
          fresh?.querySelector<HTMLElement>('[data-action=switch]')?.focus();
        })
        .catch(refused(trouble, `${name} could not be ${enabled ? 'enabled' : 'disabled'}`));

    onOff.addEventListener('click', () => {
      trouble.textContent = '';
      if (!endpoint.enabled) {
        onOff.disabled = true;
        void switchTo(true).finally(() => {
          onOff.disabled = false;
        });
        return;
      }
      confirmIn(
        item,
        onOff,
        {
          question: `Disable ${name}?`,
          detail: 'Winnow stops sending it lead events, and events that happen while it is disabled are not sent later. Its secret and deliveries log are kept, and you can enable it again here.',
          yes: 'Disable endpoint',
          destroys: false,
        },
        () => switchTo(false),
      );
    });

    remove.addEventListener('click', () => {
      trouble.textContent = '';
      confirmIn(
        item,
        remove,
        { question: `Delete ${name}?`, detail: 'It receives nothing more, its deliveries log goes with it, and this cannot be undone.', yes: 'Delete endpoint', destroys: true },
        () =>
          adminAsk('DELETE', pathOf(endpoint.id))
            .then(async () => {
              logs.delete(endpoint.id);
              await refresh();
              say(`Endpoint ${name} is deleted.`);
              add.focus();
            })
            .catch(refused(trouble, `${name} could not be deleted`)),
      );
    });
    return item;
  };

  const draw = () => {
    if (endpoints.length === 0) {
      list.replaceChildren(
        h(
          'div',
          { class: 'empty', 'data-field': 'empty' },
          h('p', {}, h('strong', {}, 'No endpoints yet — add your CRM’s URL'), ' with “Add endpoint” to send it every lead that qualifies, and what sales makes of it.'),
          h('ul', { class: 'muted' }, ...EMPTY_HELP.map((line) => h('li', {}, ...withCode(line)))),
        ),
      );
      return;
    }
    list.replaceChildren(h('ul', { class: 'webhooks', 'aria-label': 'Webhook endpoints' }, ...endpoints.map(card)));
  };

  let asked = 0;
  const refresh = async (): Promise<void> => {
    const mine = (asked += 1);
    list.setAttribute('aria-busy', 'true');
    // Said at once the first time (nothing else is shown yet); later only when the answer is slow, so a quick one does not flash.
    const slow = setTimeout(
      () => {
        if (mine === asked) loading.textContent = 'Loading webhook endpoints…';
      },
      list.childElementCount ? 300 : 0,
    );
    try {
      const answer = await adminCall<{ endpoints: WebhookEndpointView[] }>(BASE);
      if (mine !== asked) return;
      endpoints = [...answer.endpoints].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      draw();
    } catch (error) {
      if (error instanceof SignedOutError) return fail(error);
      if (mine === asked) list.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The webhook endpoints could not be read: ${refusal(error, 'the API did not answer. Reload the page to try again.')}`));
    } finally {
      clearTimeout(slow);
      if (mine === asked) {
        loading.textContent = '';
        list.removeAttribute('aria-busy');
      }
    }
  };

  const element = h(
    'section',
    { class: 'webhooks-section', 'aria-labelledby': 'webhooks-title' },
    h('div', { class: 'webhooks-bar' }, h('h2', { id: 'webhooks-title' }, 'Webhooks'), add),
    h('p', { class: 'muted' }, 'Send leads to your CRM (HubSpot, Salesforce, Pipedrive, Zapier, or a function of your own) as they qualify, are assigned, decided on by sales or erased.'),
    notice,
    panel,
    loading,
    list,
  );
  return { element, refresh };
};
