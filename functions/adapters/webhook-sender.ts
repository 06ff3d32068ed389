import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPrivateAddress, type AttemptResult } from '../core/webhooks.js';

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

/** `dns.promises.lookup` with `all: true`: every address a name resolves to. */
export type Lookup = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

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

// The erase computes it (app/webhook-outbox.ts); kept here for receivers' code and tests that hash as Winnow does.
export { emailSha256 } from '../app/webhook-outbox.js';

/**
 * Whether a host may not receive webhooks: it resolves to a private, loopback or link-local
 * address, or to nothing. Every address counts, since the connection may use any of them. A
 * failed lookup rejects: the caller tells "cannot resolve" from "refused".
 */
export const resolvesToPrivate = async (host: string, lookup: Lookup = systemLookup): Promise<boolean> => {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) return isPrivateAddress(bare);
  const addresses = await lookup(bare);
  return addresses.length === 0 || addresses.some(({ address }) => isPrivateAddress(address));
};

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
  const { timeoutMs = DELIVERY_TIMEOUT_MS, fetch: fetchImpl = fetch, resolve } = options;
  if (resolve) {
    const host = new URL(endpointUrl).hostname;
    try {
      if (await resolvesToPrivate(host, resolve)) return { ok: false, error: `refused: ${host} resolves to a private, loopback or link-local address` };
    } catch (error) {
      return { ok: false, error: `cannot resolve ${host}: ${reasonOf(error, timeoutMs)}` };
    }
  }
  // Signed before the try: a delivery without a secret is our bug, not the receiver's failure.
  const signature = signDelivery(message);
  let response: Response;
  try {
    response = await fetchImpl(endpointUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Winnow-Webhooks/1',
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: message.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, error: reasonOf(error, timeoutMs) };
  }
  if (response.status >= 200 && response.status < 300) {
    // Nothing in a 2xx body matters; cancelling frees the connection without waiting for it.
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, status: response.status };
  }
  const detail = (await response.text().catch(() => '')).slice(0, ERROR_DETAIL_CHARS);
  return { ok: false, status: response.status, error: `answered ${response.status}${detail ? `: ${detail}` : ''}` };
};
