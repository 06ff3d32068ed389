import { describe, expect, it } from 'vitest';
import { bandFor, decayedWeight, scoreInterest } from '../../../functions/core/interest.js';
import type { LeadEvent } from '../../../functions/core/lead.js';
import { NOW, aPlaybook, aSpecPlaybook, anEvent, daysAgo, eventsOf, named } from '../../helpers/factories.js';

describe('decayedWeight', () => {
  it.each(
    named([
      { behaviour: 'an event of now keeps its whole weight', days: 0, expected: 8 },
      { behaviour: 'an event one half-life old is worth half', days: 30, expected: 4 },
      { behaviour: 'an event two half-lives old is worth a quarter', days: 60, expected: 2 },
      { behaviour: 'an event half a half-life old is worth 1/√2', days: 15, expected: 8 / Math.SQRT2 },
      { behaviour: 'an event from the future counts as happening now', days: -5, expected: 8 },
    ]),
  )('%s', (_, { days, expected }) => {
    // Act
    const weight = decayedWeight(8, daysAgo(days), NOW, 30);

    // Assess
    expect(weight).toBeCloseTo(expected, 10);
  });
});

describe('scoreInterest', () => {
  it.each(
    named<{ behaviour: string; events: LeadEvent[]; score: number }>([
      { behaviour: 'a lead with no events has no interest', events: [], score: 0 },
      { behaviour: 'a pricing view of now earns its weight of 5', events: [anEvent('pricing_view')], score: 5 },
      { behaviour: 'a pricing view 30 days old (one half-life) earns 2.5', events: [anEvent('pricing_view', 30)], score: 2.5 },
      { behaviour: 'a pricing view 60 days old earns 1.25', events: [anEvent('pricing_view', 60)], score: 1.25 },
      { behaviour: 'a webinar 15 days old earns 10/√2, rounded to 7.07', events: [anEvent('webinar_attended', 15)], score: 7.07 },
      { behaviour: 'a pricing view dated in the future counts as now', events: [anEvent('pricing_view', -2)], score: 5 },
      { behaviour: 'events add up', events: [anEvent('pricing_view'), anEvent('email_click'), anEvent('webinar_attended', 30)], score: 13 },
      { behaviour: 'an event type the playbook does not weigh is ignored', events: [anEvent('video_play'), anEvent('pricing_view')], score: 5 },
      { behaviour: 'an event with an invalid date is ignored', events: [{ type: 'pricing_view', at: 'last tuesday' }, anEvent('email_click')], score: 3 },
    ]),
  )('%s', (_, { events, score }) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const interest = scoreInterest(playbook, events, NOW);

    // Assess
    expect(interest.score).toBe(score);
  });

  it.each(['constructor', '__proto__'])('ignores an event of type %s, which the playbook does not weigh', (type) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const interest = scoreInterest(playbook, [anEvent(type), anEvent('pricing_view')], NOW);

    // Assess
    expect(interest).toEqual({ score: 5, band: 'cold', breakdown: [{ type: 'pricing_view', count: 1, points: 5, capped: false }] });
  });

  it.each(
    named([
      { behaviour: 'a capped type contributes at most its cap, and says so', count: 12, days: 0, points: 10, capped: true },
      { behaviour: 'a capped type reaching its cap exactly is not marked capped', count: 10, days: 0, points: 10, capped: false },
      { behaviour: 'a capped type below its cap keeps its points', count: 9, days: 0, points: 9, capped: false },
      { behaviour: 'a cap applies to the decayed points, not to the count', count: 16, days: 30, points: 8, capped: false },
    ]),
  )('%s', (_, { count, days, points, capped }) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const interest = scoreInterest(playbook, eventsOf('page_view', count, days), NOW);

    // Assess
    expect(interest.breakdown).toEqual([{ type: 'page_view', count, points, capped }]);
  });

  it('explains the score by event type, hottest first, ties by type name, with the count behind each', () => {
    // Prepare
    const playbook = aSpecPlaybook();
    const events = [
      ...eventsOf('page_view', 3),
      anEvent('pricing_view'),
      anEvent('webinar_attended', 30),
      anEvent('content_download'),
      anEvent('video_play'),
      anEvent('webinar_attended', 60),
    ];

    // Act
    const interest = scoreInterest(playbook, events, NOW);

    // Assess
    expect(interest).toEqual({
      score: 20.5,
      band: 'warm',
      breakdown: [
        { type: 'webinar_attended', count: 2, points: 7.5, capped: false },
        { type: 'content_download', count: 1, points: 5, capped: false },
        { type: 'pricing_view', count: 1, points: 5, capped: false },
        { type: 'page_view', count: 3, points: 3, capped: false },
      ],
    });
  });

  it('rounds each type and the score to two decimals', () => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const interest = scoreInterest(playbook, [anEvent('email_click', 1), anEvent('pricing_view', 7)], NOW);

    // Assess
    expect(interest.breakdown.map((reason) => reason.points)).toEqual([4.25, 2.93]);
    expect(interest.score).toBe(7.18);
  });

  it.each(
    named([
      { behaviour: 'four webinars of now reach the hot threshold of 40', webinars: 4, band: 'hot' },
      { behaviour: 'two webinars of now are warm', webinars: 2, band: 'warm' },
      { behaviour: 'one webinar of now is cold', webinars: 1, band: 'cold' },
    ]),
  )('%s', (_, { webinars, band }) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const interest = scoreInterest(playbook, eventsOf('webinar_attended', webinars), NOW);

    // Assess
    expect(interest.band).toBe(band);
  });

  it('decays with the playbook’s own half-life', () => {
    // Prepare
    const playbook = aPlaybook({ interest: { halfLifeDays: 7 } });

    // Act
    const interest = scoreInterest(playbook, [anEvent('webinar_attended', 14)], NOW);

    // Assess
    expect(interest.score).toBe(2.5);
  });

  it('lets a negative weight take interest away', () => {
    // Prepare
    const playbook = aPlaybook({ interest: { events: { pricing_view: 5, unsubscribed: -20 }, publicEvents: [], caps: {} } });

    // Act
    const interest = scoreInterest(playbook, [anEvent('pricing_view'), anEvent('unsubscribed')], NOW);

    // Assess
    expect(interest).toMatchObject({ score: -15, band: 'cold' });
  });
});

describe('bandFor', () => {
  it.each(
    named([
      { behaviour: 'a score reaching the hot threshold exactly is hot', score: 40, band: 'hot' },
      { behaviour: 'a score just below hot is warm', score: 39.99, band: 'warm' },
      { behaviour: 'a score reaching the warm threshold exactly is warm', score: 15, band: 'warm' },
      { behaviour: 'a score below every band is cold', score: 14.99, band: 'cold' },
      { behaviour: 'a score of 0 is cold', score: 0, band: 'cold' },
    ]),
  )('%s', (_, { score, band }) => {
    // Act
    const result = bandFor({ hot: 40, warm: 15 }, score);

    // Assess
    expect(result).toBe(band);
  });

  it('reads bands in the playbook’s order: the first reached wins', () => {
    // Act
    const result = bandFor({ blazing: 100, hot: 40, warm: 15 }, 120);

    // Assess
    expect(result).toBe('blazing');
  });
});
