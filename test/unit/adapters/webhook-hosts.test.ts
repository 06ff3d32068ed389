import { describe, expect, it } from 'vitest';
import { resolvesToPrivate, type Lookup } from '../../../functions/adapters/webhook-hosts.js';

const lookupOf =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const noLookup: Lookup = async (hostname) => {
  throw new Error(`looked up ${hostname}`);
};

describe('resolvesToPrivate', () => {
  it('lets a host through when every address it resolves to is public', async () => {
    // Act & Assess
    await expect(resolvesToPrivate('crm.example.com', lookupOf('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'))).resolves.toBe(false);
  });

  it.each([
    ['one of its addresses is loopback', lookupOf('93.184.215.14', '127.0.0.1')],
    ['it resolves to the metadata service', lookupOf('169.254.169.254')],
    ['it resolves to an IPv4-mapped loopback', lookupOf('::ffff:127.0.0.1')],
    ['it resolves to a private IPv6 address', lookupOf('fd00:ec2::254')],
    ['it resolves to nothing', lookupOf()],
  ])('refuses a host when %s', async (_, lookup) => {
    // Act & Assess
    await expect(resolvesToPrivate('evil.example.com', lookup)).resolves.toBe(true);
  });

  it.each([
    ['169.254.169.254', true],
    ['[::1]', true],
    ['[::ffff:7f00:1]', true],
    ['8.8.8.8', false],
  ])('judges the IP literal %s without a lookup', async (host, expected) => {
    // Act & Assess
    await expect(resolvesToPrivate(host, noLookup)).resolves.toBe(expected);
  });

  it('asks the system resolver by default, which knows localhost as loopback', async () => {
    // Act & Assess
    await expect(resolvesToPrivate('localhost')).resolves.toBe(true);
  });

  it('rejects when the lookup fails, so the caller can tell an unknown host from a refused one', async () => {
    // Act & Assess
    await expect(resolvesToPrivate('nowhere.example.com', noLookup)).rejects.toThrow(/looked up nowhere.example.com/);
  });
});
