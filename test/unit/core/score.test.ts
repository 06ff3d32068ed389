import { describe, expect, it } from 'vitest';
import type { Owner, Playbook } from '../../../functions/core/playbook.js';
import { routeOwner, scoreLead } from '../../../functions/core/score.js';
import { NOW, aSpecPlaybook, anEvent, eventsOf, gradeAAnswers } from '../../helpers/factories.js';

describe('routeOwner', () => {
  it.each<[string, string, Owner]>([
    ['A', 'hot', 'sales'],
    ['A', 'warm', 'sales'],
    ['A', 'cold', 'sales'],
    ['B', 'hot', 'sales'],
    ['B', 'warm', 'sales'],
    ['B', 'cold', 'marketing'],
    ['C', 'hot', 'sales'],
    ['C', 'warm', 'marketing'],
    ['C', 'cold', 'marketing'],
    ['D', 'hot', 'marketing'],
    ['D', 'warm', 'marketing'],
    ['D', 'cold', 'marketing'],
  ])("the SPEC's grid gives a grade-%s, %s lead to %s", (grade, band, owner) => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const result = routeOwner(playbook, grade, band);

    // Assess
    expect(result).toBe(owner);
  });

  it.each([
    ['a grade the grid has no row for', 'E', 'hot'],
    ['a band the grid row has no cell for', 'A', 'lukewarm'],
  ])('leaves with marketing a lead in %s', (_, grade, band) => {
    // Prepare: the schema refuses such a grid, so build it by hand as a stored older version might be.
    const playbook: Playbook = { ...aSpecPlaybook(), routing: { A: { hot: 'sales' } } };

    // Act
    const result = routeOwner(playbook, grade, band);

    // Assess
    expect(result).toBe('marketing');
  });
});

describe('scoreLead', () => {
  it('scores fit and interest and routes a grade-A lead with no interest to sales', () => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const score = scoreLead(playbook, { answers: gradeAAnswers(), events: [] }, NOW);

    // Assess
    expect(score).toMatchObject({
      fit: { points: 12, grade: 'A' },
      interest: { score: 0, band: 'cold', breakdown: [] },
      owner: 'sales',
    });
  });

  it('leaves a hot lead that does not fit with marketing', () => {
    // Prepare
    const playbook = aSpecPlaybook();

    // Act
    const score = scoreLead(playbook, { answers: {}, events: eventsOf('webinar_attended', 5) }, NOW);

    // Assess
    expect(score).toMatchObject({ fit: { grade: 'D' }, interest: { score: 50, band: 'hot' }, owner: 'marketing' });
  });

  it('sends a grade-C lead to sales once its interest is hot', () => {
    // Prepare
    const playbook = aSpecPlaybook();
    const answers = { company_size: '1-10', role: 'user', budget: 10000 };

    // Act
    const warm = scoreLead(playbook, { answers, events: eventsOf('webinar_attended', 2) }, NOW);
    const hot = scoreLead(playbook, { answers, events: [...eventsOf('webinar_attended', 2), ...eventsOf('event_attended', 2), anEvent('pricing_view')] }, NOW);

    // Assess
    expect([warm.fit.grade, warm.interest.band, warm.owner]).toEqual(['C', 'warm', 'marketing']);
    expect([hot.fit.grade, hot.interest.band, hot.owner]).toEqual(['C', 'hot', 'sales']);
  });

  it('lets interest cool with time until the grid gives the lead back to marketing', () => {
    // Prepare
    const playbook = aSpecPlaybook();
    const lead = { answers: { company_size: '51-200', role: 'influencer', budget: 20000 }, events: eventsOf('webinar_attended', 2) };
    const later = new Date(NOW.getTime() + 40 * 86_400_000);

    // Act
    const now = scoreLead(playbook, lead, NOW);
    const then = scoreLead(playbook, lead, later);

    // Assess
    expect([now.fit.grade, now.interest.band, now.owner]).toEqual(['B', 'warm', 'sales']);
    expect([then.fit.grade, then.interest.band, then.owner]).toEqual(['B', 'cold', 'marketing']);
  });
});
