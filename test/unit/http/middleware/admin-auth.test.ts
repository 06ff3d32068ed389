import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../../functions/http/framework/errors.js';
import { adminAuth } from '../../../../functions/http/framework/middleware/admin-auth.js';
import { ADMIN_TOKEN, adminHeaders } from '../../../helpers/http.js';
import { anEvent, chainOf, outcomeOf, REACHED } from './chain.js';

const adminCall = (headers: Record<string, string | undefined> = {}) => anEvent('GET', '/v1/admin/leads', { headers });
const configured = (token: string | undefined) => chainOf([adminAuth(async () => token)]);

describe('adminAuth', () => {
  it('lets a request with the admin bearer token through', async () => {
    // Prepare
    const chain = configured(ADMIN_TOKEN);

    // Act
    const response = await chain.invoke(adminCall(adminHeaders()));

    // Assess
    expect(response).toEqual(REACHED);
    expect(chain.reached).toHaveLength(1);
  });

  it('reads the scheme in any case and the token without the spaces around it', async () => {
    // Prepare
    const chain = configured(ADMIN_TOKEN);

    // Act
    const response = await chain.invoke(adminCall({ authorization: `bEaReR   ${ADMIN_TOKEN}  ` }));

    // Assess
    expect(response).toEqual(REACHED);
  });

  it('refuses a request without a token 401, asking for a bearer token, before the handler', async () => {
    // Prepare
    const chain = configured(ADMIN_TOKEN);

    // Act
    const { refused } = await outcomeOf(chain.invoke(adminCall()));

    // Assess
    expect(refused).toBeInstanceOf(UnauthorizedError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized', message: 'an admin bearer token is required', headers: { 'www-authenticate': 'Bearer' } });
    expect(chain.reached).toEqual([]);
  });

  it('refuses another scheme as it refuses no token', async () => {
    // Act
    const { refused } = await outcomeOf(configured(ADMIN_TOKEN).invoke(adminCall({ authorization: `Basic ${ADMIN_TOKEN}` })));

    // Assess
    expect(refused).toMatchObject({ status: 401, message: 'an admin bearer token is required' });
  });

  it.each([
    ['another token of the same length', ADMIN_TOKEN.replace(/.$/, '!')],
    ['a prefix of the token', ADMIN_TOKEN.slice(0, 8)],
    ['the token and more', `${ADMIN_TOKEN}x`],
    ['a very long token', 'x'.repeat(10_000)],
  ])('refuses %s 401 as not valid (compared as digests: no length throws)', async (_, token) => {
    // Prepare
    const chain = configured(ADMIN_TOKEN);

    // Act
    const { refused } = await outcomeOf(chain.invoke(adminCall(adminHeaders(token))));

    // Assess
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized', message: 'the admin token is not valid' });
    expect(chain.reached).toEqual([]);
  });

  it.each([
    ['no admin token is configured', undefined],
    ['the admin token is configured empty', ''],
  ])('refuses every token when %s', async (_, configuredToken) => {
    // Prepare
    const chain = configured(configuredToken);

    // Act
    const outcomes = await Promise.all(['undefined', '', ADMIN_TOKEN].map((token) => outcomeOf(chain.invoke(adminCall(adminHeaders(token))))));

    // Assess
    expect(outcomes.map(({ refused }) => refused?.status)).toEqual([401, 401, 401]);
  });

  it('reads the configured token on every request, so a rotated token takes effect at once', async () => {
    // Prepare
    let current = ADMIN_TOKEN;
    const chain = chainOf([adminAuth(async () => current)]);
    await chain.invoke(adminCall(adminHeaders()));

    // Act
    current = 'rotated-admin-token-0123456789abcdef';
    const old = await outcomeOf(chain.invoke(adminCall(adminHeaders())));
    const rotated = await outcomeOf(chain.invoke(adminCall(adminHeaders(current))));

    // Assess
    expect(old.refused?.status).toBe(401);
    expect(rotated.passed).toEqual(REACHED);
  });
});
