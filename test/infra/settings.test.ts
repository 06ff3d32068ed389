import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/aws/settings.js';
import { cdkJsonContext } from './synth.js';

const settingsFrom = (context: Record<string, unknown>) => readSettings(new App({ context: { ...cdkJsonContext(), ...context } }).node);
const A_SENDER = { 'winnow:mailFrom': 'leads@mail.yourco.com' };

describe('deployment settings (CDK context)', () => {
  it('starts from the defaults: protected table, 30-day logs, the sender’s domain as SES identity, no edge limit, modest reservations', () => {
    // Act
    const settings = settingsFrom(A_SENDER);

    // Assess
    expect(settings).toMatchObject({
      stackName: 'Winnow',
      mailFrom: 'leads@mail.yourco.com',
      sesIdentity: 'mail.yourco.com',
      allowTestSender: false,
      createSesIdentity: false,
      alarmEmails: [],
      deletionProtection: true,
      logRetentionDays: 30,
      slaEveryMinutes: 5,
      edgeRateLimit: 0,
      scorerReservedConcurrency: 5,
      slaReservedConcurrency: 1,
      publicApiReservedConcurrency: 20,
    });
    expect(settings.publicUrl).toBeUndefined();
  });

  it('stops synth on cdk.json’s own sender, saying what to set: a stack sending from example.com fails every notification', () => {
    // Act
    const reading = () => settingsFrom({});

    // Assess
    expect(reading).toThrow(
      "Winnow's CDK context is not valid: winnow:mailFrom: winnow@example.com is an example address no mail can come from, so every notification would fail: set -c winnow:mailFrom=leads@yourdomain.com (or in cdk.json), an address of a domain verified in SES",
    );
  });

  it.each(['leads@example.org', 'leads@mail.example.net', 'leads@EXAMPLE.COM'])('refuses the example sender %s, even when test senders are allowed', (mailFrom) => {
    // Act
    const reading = () => settingsFrom({ 'winnow:mailFrom': mailFrom, 'winnow:allowTestSender': 'true' });

    // Assess
    expect(reading).toThrow(/winnow:mailFrom: .* is an example address/);
  });

  it.each(['ci@winnow.invalid', 'leads@winnow.test'])('takes the test sender %s only when winnow:allowTestSender says the stack never sends', (mailFrom) => {
    // Act
    const refused = () => settingsFrom({ 'winnow:mailFrom': mailFrom });
    const allowed = settingsFrom({ 'winnow:mailFrom': mailFrom, 'winnow:allowTestSender': 'true' });

    // Assess
    expect(refused).toThrow(/winnow:mailFrom: .* is on a test domain .*-c winnow:allowTestSender=true/);
    expect(allowed.mailFrom).toBe(mailFrom);
  });

  it('reads the edge rate limit and the reserved concurrency from `cdk -c` strings', () => {
    // Act
    const settings = settingsFrom({
      ...A_SENDER,
      'winnow:edgeRateLimit': '2000',
      'winnow:scorerReservedConcurrency': '0',
      'winnow:slaReservedConcurrency': '0',
      'winnow:publicApiReservedConcurrency': '50',
    });

    // Assess
    expect(settings).toMatchObject({ edgeRateLimit: 2000, scorerReservedConcurrency: 0, slaReservedConcurrency: 0, publicApiReservedConcurrency: 50 });
  });

  it('reads `cdk -c` strings as the flags, numbers and lists they stand for', () => {
    // Act
    const settings = settingsFrom({
      ...A_SENDER,
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
    const settings = settingsFrom({ 'winnow:mailFrom': 'leads@yourco.org', 'winnow:sesIdentity': 'leads@yourco.org' });

    // Assess
    expect(settings.sesIdentity).toBe('leads@yourco.org');
  });

  it.each([
    ['an identity that does not cover the sender', { 'winnow:mailFrom': 'leads@yourco.org', 'winnow:sesIdentity': 'yourco.com' }, 'winnow:sesIdentity'],
    ['a sender that is no address', { 'winnow:mailFrom': 'sales team' }, 'winnow:mailFrom'],
    ['a retention CloudWatch does not offer', { 'winnow:logRetentionDays': '31' }, 'winnow:logRetentionDays'],
    ['a flag that is neither true nor false', { 'winnow:deletionProtection': 'yes' }, 'winnow:deletionProtection'],
    ['an alarm address that is no address', { 'winnow:alarmEmails': 'oncall' }, 'winnow:alarmEmails'],
    ['an edge limit under WAF’s minimum of 10', { 'winnow:edgeRateLimit': '5' }, 'winnow:edgeRateLimit'],
    ['a scorer reservation of 1, under SQS’s maximum concurrency of at least 2', { 'winnow:scorerReservedConcurrency': '1' }, 'winnow:scorerReservedConcurrency'],
    ['a negative reservation', { 'winnow:publicApiReservedConcurrency': '-1' }, 'winnow:publicApiReservedConcurrency'],
  ])('stops synth on %s, naming the setting', (_, context, name) => {
    // Act
    const reading = () => settingsFrom({ ...A_SENDER, ...context });

    // Assess
    expect(reading).toThrow(new RegExp(`^Winnow's CDK context is not valid: .*${name}`));
  });
});
