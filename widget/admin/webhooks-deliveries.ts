import { h } from '../src/dom.js';
import { adminAsk, adminCall, refusal, SignedOutError } from './admin-api.js';
import { counted, dateTime } from './format.js';
import { table } from './table.js';
import { eventLabel, lastAnswerWords, outcomeWords, STATUS_WORDS } from './webhooks-words.js';
import type { WebhookDeliveryPage, WebhookDeliveryView } from './types.js';

/** A page of the log: enough to see what just happened, few enough to read. */
const PAGE = 10;
/** While a delivery waits for its first attempt or a retry seconds away, the log reads itself again this often, this many times. */
const POLL_MS = 1_500;
const POLLS = 8;
const SOON_MS = 15_000;

export interface DeliveriesLog {
  element: HTMLElement;
  /** Reads the newest page again, and keeps reading while a delivery is about to be tried. */
  refresh: () => Promise<void>;
}

/** A status as a coloured badge whose words say it too: colour alone tells nobody who cannot see it. */
const badge = (status: WebhookDeliveryView['status']): HTMLElement => h('span', { class: `badge badge-${status}`, 'data-status': status }, STATUS_WORDS[status]);

const aboutToBeTried = (delivery: WebhookDeliveryView, now: number): boolean =>
  delivery.status === 'pending' && (delivery.attempts === 0 || delivery.nextAttemptAt === undefined || Date.parse(delivery.nextAttemptAt) - now < SOON_MS);

/**
 * One endpoint's deliveries, newest first (SPEC: `GET …/deliveries?cursor=`): the event, its status,
 * attempts, what the receiver last said, the next attempt or when it arrived, and a Redeliver
 * button on each; older ones a page at a time.
 */
export const deliveriesLog = (endpointId: string, endpointName: string, fail: (error: unknown) => void): DeliveriesLog => {
  const path = `/v1/admin/webhooks/${encodeURIComponent(endpointId)}/deliveries`;
  const body = h('div', { class: 'deliveries-body' });
  const loading = h('p', { class: 'loading', role: 'status' });
  const problem = h('p', { class: 'error', role: 'alert' });
  // Said beside the log, not at the top of the section: an endpoint's log may be far down the page.
  const notice = h('p', { class: 'notice', role: 'status' });
  const older = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older deliveries');
  const reload = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  let shown: WebhookDeliveryView[] = [];
  let cursor: string | undefined;
  let asked = 0;
  let polls = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const redeliverButton = (delivery: WebhookDeliveryView): HTMLButtonElement => {
    const label = eventLabel(delivery.type);
    // The name starts with the words on the button (WCAG 2.5.3) and says which delivery.
    const button = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Redeliver: ${label}, ${dateTime(delivery.createdAt)}` }, 'Redeliver');
    button.addEventListener('click', () => {
      button.disabled = true;
      problem.textContent = '';
      notice.textContent = '';
      adminAsk('POST', `${path}/${encodeURIComponent(delivery.id)}/redeliver`)
        .then(async () => {
          notice.textContent = `${label} is queued again for ${endpointName}.`;
          await refresh();
        })
        .catch((error: unknown) => {
          if (error instanceof SignedOutError) return fail(error);
          button.disabled = false;
          problem.textContent = `The delivery could not be queued again: ${refusal(error, 'the API did not answer. Try again.')}`;
        });
    });
    return button;
  };

  const draw = () => {
    const now = Date.now();
    if (shown.length === 0) {
      body.replaceChildren(h('p', { class: 'empty', 'data-field': 'no-deliveries' }, 'No deliveries yet. Send a test event to try the endpoint; events go out as leads qualify and sales decides.'));
    } else {
      body.replaceChildren(
        table(
          `Deliveries to ${endpointName}, newest first`,
          ['Event', 'Status', 'Last answer', 'Next', 'Action'],
          shown.map((delivery) => {
            const outcome = () => h('span', { class: delivery.status === 'failed' ? 'outcome failed' : 'outcome' }, outcomeWords(delivery, now));
            return [
              h('span', { class: 'delivery-event' }, eventLabel(delivery.type), h('span', { class: 'muted delivery-when' }, dateTime(delivery.createdAt))),
              h(
                'span',
                { class: 'delivery-status' },
                badge(delivery.status),
                h('span', { class: 'muted' }, counted(delivery.attempts, 'attempt', 'attempts')),
                // On a phone the last answer and what comes next sit under the status, their own columns hidden: five columns do not fit 390 px.
                h('span', { class: 'phone-details' }, h('span', { class: 'last-answer' }, lastAnswerWords(delivery)), outcome()),
              ),
              h('span', { class: 'last-answer' }, lastAnswerWords(delivery)),
              outcome(),
              redeliverButton(delivery),
            ];
          }),
          undefined,
          ['Last answer', 'Next'],
          { 'Last answer': 'wrap', Next: 'wrap' },
        ),
      );
    }
    older.hidden = cursor === undefined;
  };

  const read = async (after?: string): Promise<WebhookDeliveryPage> => adminCall<WebhookDeliveryPage>(`${path}?${new URLSearchParams({ limit: String(PAGE), ...(after ? { cursor: after } : {}) })}`);

  const settle = (mine: number, work: Promise<void>): Promise<void> => {
    body.setAttribute('aria-busy', 'true');
    problem.textContent = '';
    // Said only when the answer is slow, so a quick one does not flash.
    const slow = setTimeout(() => {
      if (mine === asked) loading.textContent = 'Loading deliveries…';
    }, 300);
    return work
      .catch((error: unknown) => {
        if (error instanceof SignedOutError) return fail(error);
        if (mine === asked) problem.textContent = `The deliveries could not be read: ${refusal(error, 'the API did not answer. Press Refresh to try again.')}`;
      })
      .finally(() => {
        clearTimeout(slow);
        if (mine !== asked) return;
        loading.textContent = '';
        body.removeAttribute('aria-busy');
      });
  };

  /** The newest page again; while a delivery is about to be tried, once more shortly, a few times. */
  const newest = (): Promise<void> => {
    const mine = (asked += 1);
    clearTimeout(timer);
    return settle(
      mine,
      read().then((page) => {
        if (mine !== asked) return;
        shown = page.deliveries;
        cursor = page.cursor;
        draw();
        const now = Date.now();
        polls = shown.some((delivery) => aboutToBeTried(delivery, now)) ? polls + 1 : 0;
        if (polls > 0 && polls <= POLLS && body.isConnected) timer = setTimeout(() => void newest(), POLL_MS);
        else polls = 0;
      }),
    );
  };

  older.addEventListener('click', () => {
    notice.textContent = '';
    const mine = (asked += 1);
    clearTimeout(timer);
    void settle(
      mine,
      read(cursor).then((page) => {
        if (mine !== asked) return;
        const first = shown.length;
        shown = [...shown, ...page.deliveries];
        cursor = page.cursor;
        draw();
        // Focus the first row just read, so a keyboard reader continues where the new rows start.
        const row = body.querySelectorAll<HTMLElement>('tbody tr th')[first];
        if (row) {
          row.tabIndex = -1;
          row.focus();
        }
      }),
    );
  });
  const refresh = (): Promise<void> => {
    polls = 0;
    return newest();
  };
  reload.addEventListener('click', () => {
    notice.textContent = '';
    void refresh();
  });

  const element = h('div', { class: 'deliveries', id: `deliveries-${endpointId}` }, h('div', { class: 'deliveries-bar' }, h('h4', {}, 'Deliveries'), reload), loading, notice, problem, body, older);
  return { element, refresh };
};
