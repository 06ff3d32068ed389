import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { AttemptResult } from '../core/webhooks.js';
import { publicAddressesOf, type Lookup } from './webhook-hosts.js';

export { systemLookup, type Lookup } from './webhook-hosts.js';

/** SPEC: a 2xx within 10 s is delivered. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** One attempt of one event to one endpoint. */
export interface DeliveryMessage {
  /** webhook-id: the same on every attempt, so receivers de-duplicate. */
  id: string;
  /** The attempt's time: receivers refuse a signature more than 5 minutes off, so each retry is signed anew. */
  timestamp: Date;
  /** The JSON body, exactly the bytes that are signed and sent. */
  body: string;
  /** The endpoint's active secrets (`whsec_…`), newest first. */
  secrets: readonly string[];
}

export interface DeliverOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Given, the host must resolve to public addresses only (SPEC: on AWS). Left out under
   * `npm start`, where a loopback receiver is the point.
   */
  resolve?: Lookup;
}

/** The webhook-signature header: one `v1,` signature per active secret, space-separated, so a receiver holding either verifies. */
export const signDelivery = ({ id, timestamp, body, secrets }: DeliveryMessage): string => {
  if (secrets.length === 0) throw new Error(`delivery ${id} has no active secret to sign with`);
  return secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' ');
};

/**
 * A socket lookup that answers only the addresses already checked, whatever name it is asked:
 * the connection goes where the SSRF check looked, so a DNS server that answers a public address
 * to the check and 169.254.169.254 a moment later (DNS rebinding) gains nothing.
 */
export const pinnedLookup =
  (addresses: readonly { address: string; family: number }[]): LookupFunction =>
  (_hostname, options, callback) => {
    const [first] = addresses;
    if (!first) {
      callback(new Error('no checked address to connect to'), '', 4);
      return;
    }
    if (options.all) (callback as unknown as (error: null, all: readonly { address: string; family: number }[]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };

/**
 * POSTs with node's http(s) client, connecting only to `addresses` (TLS still checks the
 * certificate against the URL's host name). No redirect is followed: node's client never does.
 */
export const postPinned = (
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
  addresses: readonly { address: string; family: number }[],
): Promise<{ status: number; text: () => Promise<string>; discard: () => void }> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      { method: 'POST', headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) }, lookup: pinnedLookup(addresses), timeout: init.timeoutMs },
      (response: IncomingMessage) => {
        // The deadline covers the answer's body too: a receiver that drips it never holds the worker.
        response.on('close', () => clearTimeout(overall));
        resolve({
          status: response.statusCode ?? 0,
          text: async () => {
            const chunks: Buffer[] = [];
            let size = 0;
            for await (const chunk of response) {
              chunks.push(chunk as Buffer);
              size += (chunk as Buffer).length;
              // What the log keeps is short: a receiver's huge answer is not read to its end.
              if (size > 4096) break;
            }
            response.destroy();
            return Buffer.concat(chunks).toString('utf8');
          },
          discard: () => response.destroy(),
        });
      },
    );
    const overall = setTimeout(() => request.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), init.timeoutMs);
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })));
    request.on('error', (error) => {
      clearTimeout(overall);
      reject(error);
    });
    request.end(init.body);
  });

const reasonOf = (error: unknown, timeoutMs: number): string => {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);
  // undici's "fetch failed" says nothing; the cause names the refusal or the DNS failure.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
};

/** What a receiver said, kept short: it shows in the deliveries log. */
const ERROR_DETAIL_CHARS = 200;

/**
 * POSTs one attempt and says how it went; never throws for the network or the receiver, whose
 * failures are the retry schedule's to handle. Redirects are not followed: a 3xx could point at
 * a host the SSRF check never saw.
 */
export const deliver = async (endpointUrl: string, message: DeliveryMessage, options: DeliverOptions = {}): Promise<AttemptResult> => {
  const { timeoutMs = DELIVERY_TIMEOUT_MS, fetch: fetchImpl, resolve } = options;
  let checked: readonly { address: string; family: number }[] | undefined;
  if (resolve) {
    const host = new URL(endpointUrl).hostname;
    try {
      checked = await publicAddressesOf(host, resolve);
      if (!checked) return { ok: false, error: `refused: ${host} resolves to a private, loopback or link-local address` };
    } catch (error) {
      return { ok: false, error: `cannot resolve ${host}: ${reasonOf(error, timeoutMs)}` };
    }
  }
  // Signed before the try: a delivery without a secret is our bug, not the receiver's failure.
  const signature = signDelivery(message);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Winnow-Webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
  let response: { status: number; text: () => Promise<string>; discard: () => void };
  try {
    if (checked && !fetchImpl) {
      // Checked: connect to those very addresses, never to what a second lookup might answer.
      response = await postPinned(endpointUrl, { headers, body: message.body, timeoutMs }, checked);
    } else {
      const answer = await (fetchImpl ?? fetch)(endpointUrl, { method: 'POST', headers, body: message.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      response = { status: answer.status, text: () => answer.text(), discard: () => void answer.body?.cancel().catch(() => undefined) };
    }
  } catch (error) {
    return { ok: false, error: reasonOf(error, timeoutMs) };
  }
  if (response.status >= 200 && response.status < 300) {
    // Nothing in a 2xx body matters; dropping it frees the connection without waiting for it.
    response.discard();
    return { ok: true, status: response.status };
  }
  const detail = (await response.text().catch(() => '')).slice(0, ERROR_DETAIL_CHARS);
  return { ok: false, status: response.status, error: `answered ${response.status}${detail ? `: ${detail}` : ''}` };
};
