import { describe, expect, it } from 'vitest';
import { choiceOf, keepChoice, presetPeriod, type PeriodChoice } from '../../../widget/admin/period-presets.js';

// Late on a UTC day in the quarter's second month: the presets count whole UTC days, today included.
const NOW = new Date('2026-11-15T23:30:00Z');

describe('presetPeriod', () => {
  it.each([
    ['last-7-days', { from: '2026-11-09', to: '2026-11-15' }],
    ['last-30-days', { from: '2026-10-17', to: '2026-11-15' }],
    ['last-90-days', { from: '2026-08-18', to: '2026-11-15' }],
    ['this-quarter', { from: '2026-10-01', to: '2026-11-15' }],
  ] as const)('%s covers today and the days before it', (preset, expected) => {
    // Act
    const period = presetPeriod(preset, NOW);

    // Assess
    expect(period).toEqual(expected);
  });

  it('starts this quarter on its first day, on that day too', () => {
    // Act
    const period = presetPeriod('this-quarter', new Date('2026-01-01T00:00:00Z'));

    // Assess
    expect(period).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });
});

describe('the period kept in the address', () => {
  const kept = (choice: PeriodChoice, query = new URLSearchParams()): URLSearchParams => {
    keepChoice(query, 'funnel', choice);
    return query;
  };

  it('keeps a preset by name and custom days as days, leaving other parameters alone', () => {
    // Act
    const preset = kept({ preset: 'last-90-days' }, new URLSearchParams('funnel-from=2020-01-01&funnel-credit=last'));
    const custom = kept({ preset: 'custom', from: '2026-01-01', to: '2026-03-31' });

    // Assess
    expect(preset.toString()).toBe('funnel-credit=last&funnel-period=last-90-days');
    expect(custom.toString()).toBe('funnel-period=custom&funnel-from=2026-01-01&funnel-to=2026-03-31');
    expect(choiceOf(preset, 'funnel')).toEqual({ preset: 'last-90-days' });
    expect(choiceOf(custom, 'funnel')).toEqual({ preset: 'custom', from: '2026-01-01', to: '2026-03-31' });
  });

  it.each([
    ['nothing kept', ''],
    ['an unknown preset', 'funnel-period=last-year'],
    ['custom days that are not days', 'funnel-period=custom&funnel-from=soon&funnel-to=2026-01-01'],
    ['custom days out of order', 'funnel-period=custom&funnel-from=2026-02-01&funnel-to=2026-01-01'],
  ])('reads %s as the last 30 days', (_, query) => {
    // Act
    const choice = choiceOf(new URLSearchParams(query), 'funnel');

    // Assess
    expect(choice).toEqual({ preset: 'last-30-days' });
  });
});
