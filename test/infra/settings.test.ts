import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/aws/settings.js';
import { cdkJsonContext } from './synth.js';

const settingsFrom = (context: Record<string, unknown>) => readSettings(new App({ context: { ...cdkJsonContext(), ...context } }).node);

describe('deployment settings (CDK context)', () => {
  it('starts from cdk.json: protected table, 30-day logs, the sender’s domain as SES identity', () => {
    // Act
    const settings = settingsFrom({});

    // Assess
    expect(settings).toMatchObject({
      stackName: 'Winnow',
      mailFrom: 'winnow@example.com',
      sesIdentity: 'example.com',
      createSesIdentity: false,
      alarmEmails: [],
      deletionProtection: true,
      logRetentionDays: 30,
      slaEveryMinutes: 15,
    });
    expect(settings.publicUrl).toBeUndefined();
  });

  it('reads `cdk -c` strings as the flags, numbers and lists they stand for', () => {
    // Act
    const settings = settingsFrom({
      'winnow:deletionProtection': 'false',
      'winnow:createSesIdentity': 'true',
      'winnow:alarmEmails': 'oncall@example.com, ops@example.com',
      'winnow:logRetentionDays': '365',
      'winnow:apiRateLimit': '20',
    });

    // Assess
    expect(settings).toMatchObject({ deletionProtection: false, createSesIdentity: true, alarmEmails: ['oncall@example.com', 'ops@example.com'], logRetentionDays: 365, apiRateLimit: 20 });
  });

  it('accepts an address identity that is the sender itself', () => {
    // Act
    const settings = settingsFrom({ 'winnow:mailFrom': 'leads@example.org', 'winnow:sesIdentity': 'leads@example.org' });

    // Assess
    expect(settings.sesIdentity).toBe('leads@example.org');
  });

  it.each([
    ['an identity that does not cover the sender', { 'winnow:mailFrom': 'leads@example.org', 'winnow:sesIdentity': 'example.com' }, 'winnow:sesIdentity'],
    ['a sender that is no address', { 'winnow:mailFrom': 'sales team' }, 'winnow:mailFrom'],
    ['a retention CloudWatch does not offer', { 'winnow:logRetentionDays': '31' }, 'winnow:logRetentionDays'],
    ['a flag that is neither true nor false', { 'winnow:deletionProtection': 'yes' }, 'winnow:deletionProtection'],
    ['an alarm address that is no address', { 'winnow:alarmEmails': 'oncall' }, 'winnow:alarmEmails'],
  ])('stops synth on %s, naming the setting', (_, context, name) => {
    // Act
    const reading = () => settingsFrom(context);

    // Assess
    expect(reading).toThrow(new RegExp(`^Winnow's CDK context is not valid: .*${name}`));
  });
});
