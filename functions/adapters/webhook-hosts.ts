/**
 * The SSRF check on a webhook endpoint's host, apart from the sender: the admin API checks a URL
 * when it is saved, and importing this alone keeps the signing library and the HTTP client out of
 * the API functions' bundles, which only the webhook worker runs.
 */

import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '../core/webhooks.js';

/** `dns.promises.lookup` with `all: true`: every address a name resolves to. */
export type Lookup = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Whether a host may not receive webhooks: it resolves to a private, loopback or link-local
 * address, or to nothing. Every address counts, since the connection may use any of them. A
 * failed lookup rejects: the caller tells "cannot resolve" from "refused".
 */
export const resolvesToPrivate = async (host: string, lookup: Lookup = systemLookup): Promise<boolean> => (await publicAddressesOf(host, lookup)) === undefined;

/** The addresses a host resolves to when every one is public; undefined when any is not (or none). */
export const publicAddressesOf = async (host: string, lookup: Lookup): Promise<readonly { address: string; family: number }[] | undefined> => {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) return isPrivateAddress(bare) ? undefined : [{ address: bare, family: isIP(bare) }];
  const addresses = await lookup(bare);
  return addresses.length === 0 || addresses.some(({ address }) => isPrivateAddress(address)) ? undefined : addresses;
};
