import { describe, expect, it } from 'vitest';
import { parseWith, pathOf } from '../../../functions/core/issues.js';
import { FALLBACK_BAND, FALLBACK_GRADE, PlaybookSchema, StoredPlaybookSchema, bandsOf, browserEvents, gradesOf } from '../../../functions/core/playbook.js';
import { aPlaybookInput, aSpecPlaybookInput, named, specRouting } from '../../helpers/factories.js';

const issuesOf = (input: unknown) => {
  const result = parseWith(PlaybookSchema, input);
  return result.ok ? [] : result.issues;
};

const pathsOf = (input: unknown): string[] => issuesOf(input).map((issue) => issue.path);
const schemaPathsOf = (input: unknown): string[] => (PlaybookSchema.safeParse(input).error?.issues ?? []).map((issue) => pathOf(issue.path));

const specFit = () => aSpecPlaybookInput().fit;

describe('PlaybookSchema', () => {
  it("accepts the SPEC's example playbook as written", () => {
    // Prepare
    const input = aSpecPlaybookInput();

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual([]);
  });

  it('fills what a marketer leaves out with its defaults', () => {
    // Prepare
    const optional = new Set(['notify', 'sla', 'recycle']);
    const full = aPlaybookInput({ interest: { publicEvents: undefined, caps: undefined, halfLifeDays: undefined } });
    const input = Object.fromEntries(Object.entries(full).filter(([key]) => !optional.has(key)));

    // Act
    const playbook = PlaybookSchema.parse(input);

    // Assess
    expect(playbook).toMatchObject({
      interest: { publicEvents: [], caps: {}, halfLifeDays: 30 },
      notify: { email: [], slack: false },
      sla: { acceptWithinHours: 24, escalateTo: [] },
      recycle: { afterDays: 30 },
    });
  });

  it('accepts a grid that lists grade D and band cold among its thresholds', () => {
    // Prepare
    const input = aPlaybookInput({
      fit: { grades: { A: 10, D: 0 } },
      interest: { bands: { hot: 40, cold: 0 } },
      routing: { A: { hot: 'sales', cold: 'sales' }, D: { hot: 'marketing', cold: 'marketing' } },
    });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual([]);
  });

  it.each(
    named<{ behaviour: string; input: unknown; path: string }>([
      { behaviour: 'a routing grid missing a grade × band cell', input: aPlaybookInput({ routing: { ...specRouting(), B: { hot: 'sales', warm: 'sales' } } }), path: 'routing.B.cold' },
      {
        behaviour: 'a routing grid missing the fallback grade D',
        input: aPlaybookInput({ routing: { A: specRouting().A, B: specRouting().B, C: specRouting().C } }),
        path: 'routing.D',
      },
      {
        behaviour: 'a routing grid naming a band the playbook does not have',
        input: aPlaybookInput({ routing: { ...specRouting(), A: { ...specRouting().A, lukewarm: 'sales' } } }),
        path: 'routing.A.lukewarm',
      },
      {
        behaviour: 'a routing grid naming a grade the playbook does not have',
        input: aPlaybookInput({ routing: { ...specRouting(), E: specRouting().D } }),
        path: 'routing.E',
      },
      {
        behaviour: 'a routing cell owned by someone other than sales or marketing',
        input: { ...aPlaybookInput(), routing: { ...specRouting(), A: { ...specRouting().A, hot: 'ceo' } } },
        path: 'routing.A.hot',
      },
      { behaviour: 'grades listed from the lowest threshold up', input: aPlaybookInput({ fit: { grades: { C: 4, B: 7, A: 10 } } }), path: 'fit.grades' },
      { behaviour: 'two grades with the same threshold', input: aPlaybookInput({ fit: { grades: { A: 10, B: 10 } } }), path: 'fit.grades' },
      { behaviour: 'a grade that is not one capital letter', input: aPlaybookInput({ fit: { grades: { a: 10 } } }), path: 'fit.grades.a' },
      { behaviour: 'bands listed from the coldest threshold up', input: aPlaybookInput({ interest: { bands: { warm: 15, hot: 40 } } }), path: 'interest.bands' },
      { behaviour: 'a band name that is not an id', input: aPlaybookInput({ interest: { bands: { Hot: 40 } } }), path: 'interest.bands.Hot' },
      {
        behaviour: 'ranges listed from the lowest min up',
        input: aPlaybookInput({ fit: { criteria: [{ id: 'budget', field: 'budget', ranges: [{ min: 10000, points: 2 }, { min: 50000, points: 3 }] }] } }),
        path: 'fit.criteria.0.ranges',
      },
      {
        behaviour: 'two ranges with the same min',
        input: aPlaybookInput({ fit: { criteria: [{ id: 'budget', field: 'budget', ranges: [{ min: 1, points: 2 }, { min: 1, points: 3 }] }] } }),
        path: 'fit.criteria.0.ranges',
      },
      { behaviour: 'an empty list of ranges', input: aPlaybookInput({ fit: { criteria: [{ id: 'budget', field: 'budget', ranges: [] }] } }), path: 'fit.criteria.0.ranges' },
      {
        behaviour: 'a criterion with both points and ranges',
        input: aPlaybookInput({ fit: { criteria: [{ id: 'budget', field: 'budget', points: { a: 1 }, ranges: [{ min: 1, points: 1 }] } as unknown as { id: string; field: string; points: Record<string, number> }] } }),
        path: 'fit.criteria.0',
      },
      {
        behaviour: 'a criterion with neither points nor ranges',
        input: aPlaybookInput({ fit: { criteria: [{ id: 'budget', field: 'budget' } as unknown as { id: string; field: string; points: Record<string, number> }] } }),
        path: 'fit.criteria.0',
      },
      { behaviour: 'a criterion whose field is not an id', input: aPlaybookInput({ fit: { criteria: [{ id: 'size', field: 'Company size', points: { a: 1 } }] } }), path: 'fit.criteria.0.field' },
      { behaviour: 'two criteria with the same id', input: aPlaybookInput({ fit: { criteria: [{ id: 'profile', field: 'company_size', points: { '1-10': 1 } }, { id: 'profile', field: 'role', points: { user: 1 } }] } }), path: 'fit.criteria.1.id' },
      { behaviour: 'a public event type the playbook does not weigh', input: aPlaybookInput({ interest: { publicEvents: ['page_view', 'video_play'] } }), path: 'interest.publicEvents.1' },
      { behaviour: 'a cap on an event type the playbook does not weigh', input: aPlaybookInput({ interest: { caps: { page_view: 10, video_play: 3 } } }), path: 'interest.caps.video_play' },
      { behaviour: 'a cap of zero', input: aPlaybookInput({ interest: { caps: { page_view: 0 } } }), path: 'interest.caps.page_view' },
      { behaviour: 'an event type that is not an id', input: aPlaybookInput({ interest: { events: { 'Page View': 1 } } }), path: 'interest.events.Page View' },
      { behaviour: 'a half-life of zero days', input: aPlaybookInput({ interest: { halfLifeDays: 0 } }), path: 'interest.halfLifeDays' },
      { behaviour: 'a notification address that is not an email', input: aPlaybookInput({ notify: { email: ['sales team'], slack: false } }), path: 'notify.email.0' },
      { behaviour: 'an escalation address that is not an email', input: aPlaybookInput({ sla: { acceptWithinHours: 24, escalateTo: ['boss'] } }), path: 'sla.escalateTo.0' },
      { behaviour: 'an SLA of zero hours', input: aPlaybookInput({ sla: { acceptWithinHours: 0 } }), path: 'sla.acceptWithinHours' },
      { behaviour: 'a negative recycle delay', input: aPlaybookInput({ recycle: { afterDays: -1 } }), path: 'recycle.afterDays' },
      { behaviour: 'a playbook id with capitals', input: aPlaybookInput({ id: 'Default' }), path: 'id' },
      { behaviour: 'an unknown key on the playbook', input: { ...aPlaybookInput(), owner: 'marketing' }, path: 'owner' },
      { behaviour: 'an unknown key in fit', input: { ...aPlaybookInput(), fit: { ...specFit(), bonus: 1 } }, path: 'fit.bonus' },
    ]),
  )('rejects %s, naming where', (_, { input, path }) => {
    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toContain(path);
  });

  it.each(
    named([
      { behaviour: 'a public event', input: aPlaybookInput({ interest: { publicEvents: ['constructor'], caps: { constructor: 5 } } }), path: 'interest.publicEvents.0' },
      { behaviour: 'a cap', input: aPlaybookInput({ interest: { caps: { constructor: 5 } } }), path: 'interest.caps.constructor' },
    ]),
  )('rejects %s naming an event type the playbook does not weigh, whatever its name', (_, { input, path }) => {
    // Act: the schema alone (parseWith refuses such keys before it runs).
    const paths = schemaPathsOf(input);

    // Assess
    expect(paths).toContain(path);
  });

  it('rejects a routing grid missing a cell, whatever the band is called', () => {
    // Prepare
    const input = aPlaybookInput({ interest: { bands: { hot: 40, constructor: 10 } } });

    // Act: the schema alone (parseWith refuses such keys before it runs).
    const paths = schemaPathsOf(input);

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['routing.A.constructor', 'routing.D.constructor']));
  });

  it('refuses a public event type without a cap, naming it (a browser could report it without end)', () => {
    // Prepare
    const input = aPlaybookInput({ interest: { publicEvents: ['page_view', 'pricing_view', 'pricing_view'], caps: { page_view: 10 } } });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([{ path: 'interest.caps.pricing_view', message: 'public event "pricing_view" needs a cap: a browser may report it as often as it likes' }]);
  });

  it('still reads a playbook stored before public events needed a cap, and lets a browser report only its capped ones', () => {
    // Prepare: published under the earlier rules, pricing_view public and uncapped.
    const stored = aPlaybookInput({ interest: { publicEvents: ['page_view', 'pricing_view'], caps: { page_view: 10 } } });

    // Act
    const read = StoredPlaybookSchema.parse(stored);

    // Assess
    expect(PlaybookSchema.safeParse(stored).success).toBe(false);
    expect(browserEvents(read)).toEqual(['page_view']);
  });

  it('accepts uncapped event types that only the admin API reports', () => {
    // Prepare
    const input = aPlaybookInput({ interest: { publicEvents: ['page_view'], caps: { page_view: 10 } } });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual([]);
  });

  it('says which grade × band cell the routing grid lacks', () => {
    // Prepare
    const input = aPlaybookInput({ routing: { ...specRouting(), C: { hot: 'sales', cold: 'marketing' } } });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([{ path: 'routing.C.warm', message: 'routing does not say who owns a grade C, warm lead' }]);
  });

  it('reports every problem of a playbook at once', () => {
    // Prepare
    const input = aPlaybookInput({
      interest: { publicEvents: ['video_play'], caps: { scroll: 2 } },
      routing: { ...specRouting(), A: { hot: 'sales', warm: 'sales' } },
    });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual(['interest.publicEvents.0', 'interest.caps.video_play', 'interest.caps.scroll', 'routing.A.cold']);
  });
});

describe('gradesOf', () => {
  it.each(
    named<{ behaviour: string; grades: Record<string, number>; expected: string[] }>([
      { behaviour: 'lists every grade best first, then the fallback D', grades: { A: 10, B: 7, C: 4 }, expected: ['A', 'B', 'C', FALLBACK_GRADE] },
      { behaviour: 'lists D once when the playbook gives it a threshold', grades: { A: 10, D: 2 }, expected: ['A', FALLBACK_GRADE] },
      { behaviour: 'lists only D when the playbook has no grades', grades: {}, expected: [FALLBACK_GRADE] },
    ]),
  )('%s', (_, { grades, expected }) => {
    // Act
    const listed = gradesOf(grades);

    // Assess
    expect(listed).toEqual(expected);
  });
});

describe('bandsOf', () => {
  it.each(
    named<{ behaviour: string; bands: Record<string, number>; expected: string[] }>([
      { behaviour: 'lists every band hottest first, then the fallback cold', bands: { hot: 40, warm: 15 }, expected: ['hot', 'warm', FALLBACK_BAND] },
      { behaviour: 'lists cold once when the playbook gives it a threshold', bands: { hot: 40, cold: 1 }, expected: ['hot', FALLBACK_BAND] },
      { behaviour: 'lists only cold when the playbook has no bands', bands: {}, expected: [FALLBACK_BAND] },
    ]),
  )('%s', (_, { bands, expected }) => {
    // Act
    const listed = bandsOf(bands);

    // Assess
    expect(listed).toEqual(expected);
  });
});
