import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { adaptersFrom, afterSecrets, secretsManagerReader, withSecrets, type Adapters, type SecretReader } from '../../functions/adapters/clients.js';
import { logger } from '../../functions/app/logger.js';

const ARNS = {
  WINNOW_ADMIN_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AdminToken-abc',
  WINNOW_SLACK_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:SlackWebhook-def',
  WINNOW_LINK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:LinkSigningKey-ghi',
};

const aSecretStore = (values: Record<string, string | undefined>) => vi.fn<SecretReader>(async (id) => values[id]);

describe('secrets on AWS (Secrets Manager, read once per container)', () => {
  it('reads each secret named by an ARN into the variable the handlers read', async () => {
    // Prepare
    const read = aSecretStore({
      [ARNS.WINNOW_ADMIN_TOKEN_SECRET_ARN]: 'admin-token-from-secrets-manager',
      [ARNS.WINNOW_SLACK_WEBHOOK_SECRET_ARN]: 'https://hooks.slack.com/services/T0/B0/x',
      [ARNS.WINNOW_LINK_SECRET_ARN]: 'k'.repeat(64),
    });

    // Act
    const env = await withSecrets({ WINNOW_TABLE: 'winnow', ...ARNS }, read);

    // Assess
    expect(env).toMatchObject({
      WINNOW_TABLE: 'winnow',
      WINNOW_ADMIN_TOKEN: 'admin-token-from-secrets-manager',
      WINNOW_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x',
      WINNOW_LINK_SECRET: 'k'.repeat(64),
    });
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('asks nothing when no ARN is set: the local host and the tests set the variables directly', async () => {
    // Prepare
    const read = aSecretStore({});
    const local = { WINNOW_ADMIN_TOKEN: 'local-admin-token-0123' };

    // Act
    const env = await withSecrets(local, read);

    // Assess
    expect(env).toBe(local);
    expect(read).not.toHaveBeenCalled();
  });

  it('lets a variable already set win over its secret', async () => {
    // Prepare
    const read = aSecretStore({ [ARNS.WINNOW_LINK_SECRET_ARN]: 'from-secrets-manager' });

    // Act
    const env = await withSecrets({ WINNOW_LINK_SECRET_ARN: ARNS.WINNOW_LINK_SECRET_ARN, WINNOW_LINK_SECRET: 'set-by-hand' }, read);

    // Assess
    expect(env.WINNOW_LINK_SECRET).toBe('set-by-hand');
    expect(read).not.toHaveBeenCalled();
  });

  it('leaves Slack off while its secret has no value yet, and says so in the log', async () => {
    // Prepare
    const read = aSecretStore({});
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    // Act
    const env = await withSecrets({ WINNOW_SLACK_WEBHOOK_SECRET_ARN: ARNS.WINNOW_SLACK_WEBHOOK_SECRET_ARN }, read);

    // Assess
    expect(env).not.toHaveProperty('WINNOW_SLACK_WEBHOOK_URL');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no value'), { variable: 'WINNOW_SLACK_WEBHOOK_URL' });
    warn.mockRestore();
  });

  it('builds the adapters once per container, with the secrets in their config, for every handler to share', async () => {
    // Prepare
    const read = aSecretStore({ [ARNS.WINNOW_ADMIN_TOKEN_SECRET_ARN]: 'admin-token-from-secrets-manager' });
    const env = { WINNOW_SCORING_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/winnow-scoring', WINNOW_ADMIN_TOKEN_SECRET_ARN: ARNS.WINNOW_ADMIN_TOKEN_SECRET_ARN };
    const built: Adapters[] = [];
    const handler = afterSecrets(
      (adapters) => {
        built.push(adapters);
        return async () => adapters;
      },
      () => adaptersFrom(env, read),
    );

    // Act
    const first = await handler('one', {});
    const second = await handler('two', {});

    // Assess
    expect(first.config.WINNOW_ADMIN_TOKEN).toBe('admin-token-from-secrets-manager');
    expect(second).toBe(first);
    expect(built).toEqual([first]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  describe('an entry point’s handler (afterSecrets)', () => {
    it('starts reading the secrets at init, and builds the handler once, from the adapters they were read into', async () => {
      // Prepare
      const adapters = { config: { WINNOW_ADMIN_TOKEN: 'from-secrets-manager' } } as Adapters;
      const load = vi.fn(async () => adapters);
      const build = vi.fn(() => async (event: string) => `handled ${event}`);

      // Act
      const handler = afterSecrets(build, load);
      const loadsAtInit = load.mock.calls.length;
      const answers = [await handler('one', {}), await handler('two', {})];

      // Assess
      expect(loadsAtInit).toBe(1);
      expect(answers).toEqual(['handled one', 'handled two']);
      expect(load).toHaveBeenCalledTimes(1);
      expect(build).toHaveBeenCalledTimes(1);
      expect(build).toHaveBeenCalledWith(adapters);
    });

    it('fails the call whose secrets could not be read, and reads them again on the next', async () => {
      // Prepare
      const load = vi.fn<() => Promise<Adapters>>().mockRejectedValueOnce(new Error('Secrets Manager throttled')).mockResolvedValue({} as Adapters);
      const handler = afterSecrets(() => async () => 'handled', load);

      // Act
      const first = await handler('one', {}).catch((error: Error) => error.message);
      const second = await handler('two', {});

      // Assess
      expect(first).toBe('Secrets Manager throttled');
      expect(second).toBe('handled');
      expect(load).toHaveBeenCalledTimes(2);
    });
  });

  describe('reading Secrets Manager (mocked AWS SDK)', () => {
    const secrets = mockClient(SecretsManagerClient);

    beforeEach(() => {
      secrets.reset();
    });

    it('answers the secret’s current string', async () => {
      // Prepare
      secrets.on(GetSecretValueCommand, { SecretId: ARNS.WINNOW_ADMIN_TOKEN_SECRET_ARN }).resolves({ SecretString: 'the-token-0123456789' });

      // Act
      const value = await secretsManagerReader(new SecretsManagerClient({ region: 'us-east-1' }))(ARNS.WINNOW_ADMIN_TOKEN_SECRET_ARN);

      // Assess
      expect(value).toBe('the-token-0123456789');
    });

    it('answers nothing for a secret created without a value', async () => {
      // Prepare
      secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT", $metadata: {} }));

      // Act
      const value = await secretsManagerReader(new SecretsManagerClient({ region: 'us-east-1' }))(ARNS.WINNOW_SLACK_WEBHOOK_SECRET_ARN);

      // Assess
      expect(value).toBeUndefined();
    });

    it('lets any other failure through, so the container does not start half-configured', async () => {
      // Prepare
      secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' }));

      // Act
      const reading = secretsManagerReader(new SecretsManagerClient({ region: 'us-east-1' }))(ARNS.WINNOW_LINK_SECRET_ARN);

      // Assess
      await expect(reading).rejects.toThrow('not authorized');
    });
  });
});
