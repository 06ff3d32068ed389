import { h } from '../src/dom.js';
import { RefusedError, refusal } from './admin-api.js';
import { eventLabel, HINTS, SUBSCRIBABLE } from './webhooks-words.js';
import type { WebhookEventType } from './types.js';

/** What the form asks for: the PUT's body (SPEC: `{url, events, enabled?, description?}`). */
export interface EndpointSettings {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

/** The text a field's error is written into, beside the field (aria-describedby), as the widget does. */
const fieldError = (id: string): HTMLElement => h('p', { id, class: 'error field-error' });

/**
 * The form that adds an endpoint: its URL, the events it receives (each with what it tells the
 * CRM) and a description. Checked here for what a person gets wrong; the server checks again and
 * its refusal is shown beside the field it names.
 */
export const endpointForm = (save: (settings: EndpointSettings) => Promise<void>, cancel: () => void): HTMLFormElement => {
  const urlError = fieldError('webhook-url-error');
  const url = h('input', {
    id: 'webhook-url',
    name: 'url',
    type: 'url',
    inputmode: 'url',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    maxlength: 2048,
    placeholder: 'https://crm.example.com/hooks/winnow',
    'aria-describedby': 'webhook-url-hint webhook-url-error',
  });
  const eventsError = fieldError('webhook-events-error');
  const boxes = SUBSCRIBABLE.map((type) => {
    const box = h('input', { id: `webhook-event-${type.replace(/\W/g, '-')}`, type: 'checkbox', name: 'events', value: type, checked: true, 'aria-describedby': `${type.replace(/\W/g, '-')}-hint` });
    return h(
      'div',
      { class: 'event-choice' },
      box,
      h('label', { for: box.id }, eventLabel(type)),
      h('span', { id: `${type.replace(/\W/g, '-')}-hint`, class: 'muted event-hint' }, HINTS[type]),
    );
  });
  const description = h('input', { id: 'webhook-description', name: 'description', type: 'text', maxlength: 500, autocomplete: 'off', placeholder: 'HubSpot via Zapier' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, 'Save endpoint');
  const back = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  back.addEventListener('click', cancel);

  const events = h(
    'fieldset',
    { class: 'event-choices', 'aria-describedby': eventsError.id },
    h('legend', {}, 'Events to send'),
    ...boxes,
    eventsError,
  );
  const form = h(
    'form',
    { id: 'webhook-form', class: 'webhook-form', 'aria-labelledby': 'webhook-form-title', novalidate: true },
    h('h3', { id: 'webhook-form-title' }, 'Add an endpoint'),
    h('label', { for: url.id }, 'Endpoint URL'),
    url,
    h('p', { id: 'webhook-url-hint', class: 'muted' }, 'Where Winnow POSTs each event: your CRM’s webhook URL, a Zapier “Catch Hook”, or a function of your own. It must use https.'),
    urlError,
    events,
    h('label', { for: description.id }, 'Description (optional)'),
    description,
    problem,
    h('div', { class: 'actions' }, submit, back),
  );

  const mark = (field: HTMLElement, error: HTMLElement, message: string) => {
    error.textContent = message;
    if (message) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = boxes.map((box) => box.querySelector('input') as HTMLInputElement).filter((box) => box.checked);
    const address = url.value.trim();
    mark(url, urlError, !address ? 'Enter the URL your receiver listens on.' : URL.canParse(address) ? '' : 'Enter a whole URL, starting with https://');
    mark(events, eventsError, chosen.length ? '' : 'Pick at least one event to send.');
    problem.textContent = '';
    const first = urlError.textContent ? url : eventsError.textContent ? boxes[0]?.querySelector('input') : undefined;
    if (first) return first.focus();
    submit.disabled = true;
    submit.textContent = 'Saving…';
    const text = description.value.trim();
    save({ url: address, events: chosen.map((box) => box.value as WebhookEventType), ...(text ? { description: text } : {}) })
      .catch((failure: unknown) => {
        // The server names the field it refuses (the URL, mostly): said beside it.
        const onUrl = failure instanceof RefusedError ? failure.issues.filter((issue) => issue.path === 'url') : [];
        if (onUrl.length) {
          mark(url, urlError, `This URL ${onUrl.map((issue) => issue.message).join('; ')}.`);
          url.focus();
          return;
        }
        problem.textContent = `The endpoint could not be added: ${refusal(failure, 'the API did not answer. Check the connection and try again.')}`;
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = 'Save endpoint';
      });
  });
  return form;
};
