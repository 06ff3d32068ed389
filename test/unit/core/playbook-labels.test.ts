import { describe, expect, it } from 'vitest';
import { parseWith } from '../../../functions/core/issues.js';
import { PlaybookSchema, StoredPlaybookSchema, bandLabel, eventLabel, gradeLabel, humanize } from '../../../functions/core/playbook.js';
import { aPlaybook, aPlaybookInput, named } from '../../helpers/factories.js';

const LABELS = {
  grades: { A: 'Ideal fit', D: 'Poor fit' },
  bands: { hot: 'Ready to talk', cold: 'Not yet' },
  events: { pricing_view: 'Viewed pricing' },
};

const issuesOf = (input: unknown) => {
  const result = parseWith(PlaybookSchema, input);
  return result.ok ? [] : result.issues;
};

describe('PlaybookSchema labels', () => {
  it('keeps labels for grades (D too), bands (cold too) and event types as written', () => {
    // Act
    const playbook = PlaybookSchema.parse(aPlaybookInput({ labels: LABELS }));

    // Assess
    expect(playbook.labels).toEqual(LABELS);
  });

  it('still reads a playbook without labels, as every playbook before them', () => {
    // Act
    const playbook = StoredPlaybookSchema.parse(aPlaybookInput());

    // Assess
    expect(playbook.labels).toBeUndefined();
  });

  it.each(
    named([
      { behaviour: 'a grade the playbook does not have', labels: { grades: { E: 'Unknown' } }, path: 'labels.grades.E', message: '"E" is not one of the playbook\'s grades (A, B, C, D)' },
      { behaviour: 'a band the playbook does not have', labels: { bands: { lukewarm: 'Meh' } }, path: 'labels.bands.lukewarm', message: '"lukewarm" is not one of the playbook\'s bands (hot, warm, cold)' },
      { behaviour: 'an event type it gives no weight', labels: { events: { demo_booked: 'Booked a demo' } }, path: 'labels.events.demo_booked', message: expect.stringContaining('"demo_booked" is not one of the playbook\'s events (page_view, ') },
      { behaviour: 'an empty label', labels: { grades: { A: '' } }, path: 'labels.grades.A', message: expect.any(String) },
      { behaviour: 'a key beside grades, bands and events', labels: { criteria: {} }, path: 'labels.criteria', message: 'unknown property "criteria"' },
    ]),
  )('refuses a label for %s, naming it', (_, { labels, path, message }) => {
    // Act
    const issues = issuesOf(aPlaybookInput({ labels } as never));

    // Assess
    expect(issues).toEqual([{ path, message }]);
  });
});

describe('the labels people read', () => {
  const playbook = aPlaybook({ labels: LABELS });

  it.each(
    named([
      { behaviour: 'a labelled grade by its label', read: () => gradeLabel(playbook, 'A'), expected: 'Ideal fit' },
      { behaviour: 'an unlabelled grade by nothing more than its letter', read: () => gradeLabel(playbook, 'B'), expected: undefined },
      { behaviour: 'a labelled band by its label', read: () => bandLabel(playbook, 'cold'), expected: 'Not yet' },
      { behaviour: 'an unlabelled band by its id in words', read: () => bandLabel(playbook, 'warm'), expected: 'Warm' },
      { behaviour: 'a labelled event type by its label', read: () => eventLabel(playbook, 'pricing_view'), expected: 'Viewed pricing' },
      { behaviour: 'an unlabelled event type by its id in words', read: () => eventLabel(playbook, 'webinar_attended'), expected: 'Webinar attended' },
      { behaviour: 'a key such as "constructor" as an id, never a prototype’s', read: () => eventLabel(playbook, 'constructor'), expected: 'Constructor' },
      { behaviour: 'anything in a playbook without labels by its id in words', read: () => bandLabel(aPlaybook(), 'very_hot'), expected: 'Very hot' },
    ]),
  )('reads %s', (_, { read, expected }) => {
    // Act
    const label = read();

    // Assess
    expect(label).toBe(expected);
  });

  it('turns an empty id into an empty word', () => {
    // Act
    const words = humanize('');

    // Assess
    expect(words).toBe('');
  });
});
