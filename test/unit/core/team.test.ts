import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseWith } from '../../../functions/core/issues.js';
import { AbsenceSchema, TeamSchema, repsOf } from '../../../functions/core/team.js';
import { named } from '../../helpers/factories.js';
import { aRepInput, aSpecTeamInput, aTeam, aTeamInput, specWorkingHours } from './team-factories.js';

const root = new URL('../../../', import.meta.url);
const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(new URL(path, root), 'utf8'));

const issuesOf = (input: unknown) => {
  const result = parseWith(TeamSchema, input);
  return result.ok ? [] : result.issues;
};

/** The SPEC team with its second rep (ben) changed. */
const withBen = (overrides: Record<string, unknown>) => {
  const [ana, ben, cy] = aSpecTeamInput().reps;
  return aTeamInput({ reps: [ana, { ...ben, ...overrides }, cy] as never });
};

describe('TeamSchema', () => {
  it("accepts the SPEC's example team as written", () => {
    // Act
    const issues = issuesOf(aSpecTeamInput());

    // Assess
    expect(issues).toEqual([]);
  });

  it('accepts teams/sales.json, the example an admin copies', async () => {
    // Prepare
    const document = await readJson('teams/sales.json');

    // Act
    const issues = issuesOf(document);

    // Assess
    expect(issues).toEqual([]);
    expect(document).toEqual(aSpecTeamInput());
  });

  it('lets an editor validate teams/sales.json with the checked-in JSON Schema', async () => {
    // Prepare
    const validate = new Ajv({ strict: false, validateFormats: false }).compile((await readJson('schemas/team.schema.json')) as object);

    // Act
    const valid = validate(await readJson('teams/sales.json'));
    const errors = validate.errors ?? [];
    const misspelt = validate({ ...aSpecTeamInput(), workingHours: { monday: '09:00-17:00' } });

    // Assess
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(misspelt).toBe(false);
  });

  it('fills what an admin leaves out: weight 1 and no fallback', () => {
    // Prepare
    const input = aTeamInput({ reps: [aRepInput()], fallback: undefined });

    // Act
    const team = TeamSchema.parse(input);

    // Assess
    expect(team.reps[0]?.weight).toBe(1);
    expect(team.reps[0]?.maxOpen).toBeUndefined();
    expect(team.fallback).toEqual([]);
  });

  it('accepts hours that run to midnight as "24:00"', () => {
    // Act
    const issues = issuesOf(aTeamInput({ workingHours: { sat: '18:00-24:00' } }));

    // Assess
    expect(issues).toEqual([]);
  });

  it.each(
    named<{ behaviour: string; input: unknown; path: string; message?: string }>([
      {
        behaviour: 'a time zone that is not an IANA name',
        input: aTeamInput({ timezone: 'Europe/Atlantis' }),
        path: 'timezone',
        message: 'must be an IANA time zone such as "Europe/Berlin"',
      },
      {
        behaviour: "a rep's time zone that is not an IANA name",
        input: withBen({ timezone: 'CEST+2' }),
        path: 'reps.1.timezone',
        message: 'must be an IANA time zone such as "Europe/Berlin"',
      },
      {
        behaviour: 'hours without leading zeros',
        input: aTeamInput({ workingHours: { ...specWorkingHours(), mon: '9:00-17:30' } }),
        path: 'workingHours.mon',
        message: 'must be "HH:MM-HH:MM" on a 24-hour clock, such as "09:00-17:30" ("24:00" may end a day)',
      },
      {
        behaviour: 'hours on a 12-hour clock',
        input: aTeamInput({ workingHours: { mon: '09:00am-05:30pm' } }),
        path: 'workingHours.mon',
      },
      { behaviour: 'an hour past 23', input: aTeamInput({ workingHours: { mon: '09:00-25:00' } }), path: 'workingHours.mon' },
      { behaviour: 'a minute past 59', input: aTeamInput({ workingHours: { mon: '09:60-17:00' } }), path: 'workingHours.mon' },
      { behaviour: 'a day starting at 24:00', input: aTeamInput({ workingHours: { mon: '24:00-24:00' } }), path: 'workingHours.mon' },
      {
        behaviour: 'hours ending before they start',
        input: aTeamInput({ workingHours: { mon: '22:00-06:00' } }),
        path: 'workingHours.mon',
        message: 'must start before it ends ("22:00-06:00" does not); hours that cross midnight are two days',
      },
      { behaviour: 'hours ending as they start', input: aTeamInput({ workingHours: { mon: '09:00-09:00' } }), path: 'workingHours.mon' },
      {
        behaviour: 'working hours naming no day',
        input: aTeamInput({ workingHours: {} }),
        path: 'workingHours',
        message: 'working hours must name at least one day (mark a rep away instead)',
      },
      { behaviour: 'a misspelt weekday', input: aTeamInput({ workingHours: { ...specWorkingHours(), monday: '09:00-17:00' } as never }), path: 'workingHours.monday' },
      { behaviour: "a rep's own hours that do not parse", input: withBen({ workingHours: { tue: '09-17' } }), path: 'reps.1.workingHours.tue' },
      {
        behaviour: 'two reps with one id',
        input: withBen({ id: 'ana' }),
        path: 'reps.1.id',
        message: 'duplicate rep id "ana"',
      },
      {
        behaviour: 'a rep called "none", which the lead list reads as unassigned',
        input: withBen({ id: 'none' }),
        path: 'reps.1.id',
        message: 'is a reserved name',
      },
      { behaviour: 'a rep called "system", which a lead history reads as Winnow itself', input: withBen({ id: 'system' }), path: 'reps.1.id' },
      { behaviour: 'a rep called "admin", which a lead history reads as the admin token', input: withBen({ id: 'admin' }), path: 'reps.1.id' },
      { behaviour: 'a rep id that is not snake_case', input: withBen({ id: 'Ben-O' }), path: 'reps.1.id' },
      { behaviour: 'a rep email that is not one', input: withBen({ email: 'ben at example.com' }), path: 'reps.1.email', message: 'must be an email address' },
      { behaviour: 'a rep without a name', input: withBen({ name: '' }), path: 'reps.1.name' },
      {
        behaviour: 'a Slack id that is not a member id',
        input: withBen({ slackUserId: 'ben.okafor' }),
        path: 'reps.1.slackUserId',
        message: 'must be a Slack member id such as U024BE7LH',
      },
      { behaviour: 'a Slack channel id instead of a member id', input: withBen({ slackUserId: 'C024BE7LH' }), path: 'reps.1.slackUserId' },
      { behaviour: 'a rep in no pool', input: withBen({ pools: [] }), path: 'reps.1.pools' },
      { behaviour: 'a pool that is not snake_case', input: withBen({ pools: ['EMEA'] }), path: 'reps.1.pools.0' },
      { behaviour: 'a weight of 0', input: withBen({ weight: 0 }), path: 'reps.1.weight' },
      { behaviour: 'a weight above 100', input: withBen({ weight: 101 }), path: 'reps.1.weight' },
      { behaviour: 'a fractional weight', input: withBen({ weight: 1.5 }), path: 'reps.1.weight' },
      { behaviour: 'a maxOpen of 0', input: withBen({ maxOpen: 0 }), path: 'reps.1.maxOpen' },
      { behaviour: 'an unknown rep property', input: withBen({ phone: '+49 30 1234' }), path: 'reps.1.phone' },
      { behaviour: 'a team without reps', input: aTeamInput({ reps: [] }), path: 'reps' },
      { behaviour: 'more than 200 reps', input: aTeamInput({ reps: Array.from({ length: 201 }, (_, i) => aRepInput({ id: `rep_${i}` })) }), path: 'reps' },
      { behaviour: 'a fallback that is not an email', input: aTeamInput({ fallback: ['sales lead'] }), path: 'fallback.0' },
      { behaviour: 'a team id that is not a document id', input: aTeamInput({ id: 'Sales Team' }), path: 'id' },
    ]),
  )('refuses %s', (_, { input, path, message }) => {
    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([path]);
    if (message !== undefined) expect(issues[0]?.message).toBe(message);
  });
});

describe('repsOf', () => {
  it("gives each rep its own time zone and hours, else the team's, in the team's order", () => {
    // Prepare
    const team = aTeam();

    // Act
    const reps = repsOf(team);

    // Assess
    expect(reps.map(({ id, timezone, workingHours, weight }) => ({ id, timezone, workingHours, weight }))).toEqual([
      { id: 'ana', timezone: 'Europe/Madrid', workingHours: specWorkingHours(), weight: 2 },
      { id: 'ben', timezone: 'Europe/Berlin', workingHours: specWorkingHours(), weight: 1 },
      { id: 'cy', timezone: 'Europe/Berlin', workingHours: { mon: '08:00-12:00' }, weight: 1 },
    ]);
  });

  it("replaces the team's hours as a whole with a rep's own, so a day the rep leaves out is a day off", () => {
    // Act
    const cy = repsOf(aTeam()).find((rep) => rep.id === 'cy');

    // Assess
    expect(cy?.workingHours).toEqual({ mon: '08:00-12:00' });
    expect(cy?.workingHours.tue).toBeUndefined();
  });
});

describe('AbsenceSchema', () => {
  it('accepts an absence with a note, in any offset', () => {
    // Act
    const result = parseWith(AbsenceSchema, { from: '2026-08-03T00:00:00+02:00', to: '2026-08-17T00:00:00Z', note: 'Vacation' });

    // Assess
    expect(result).toEqual({ ok: true, value: { from: '2026-08-03T00:00:00+02:00', to: '2026-08-17T00:00:00Z', note: 'Vacation' } });
  });

  it.each(
    named<{ behaviour: string; input: unknown; path: string }>([
      { behaviour: 'an absence ending before it starts', input: { from: '2026-08-17T00:00:00Z', to: '2026-08-03T00:00:00Z' }, path: 'to' },
      { behaviour: 'an absence ending as it starts', input: { from: '2026-08-03T00:00:00Z', to: '2026-08-03T00:00:00Z' }, path: 'to' },
      { behaviour: 'a bare date', input: { from: '2026-08-03', to: '2026-08-17T00:00:00Z' }, path: 'from' },
      { behaviour: 'a note longer than 500 characters', input: { from: '2026-08-03T00:00:00Z', to: '2026-08-17T00:00:00Z', note: 'x'.repeat(501) }, path: 'note' },
    ]),
  )('refuses %s', (_, { input, path }) => {
    // Act
    const result = parseWith(AbsenceSchema, input);

    // Assess
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([path]);
  });
});
