import { describe, expect, it } from 'vitest';
import { availability, newRotation, pickRep, poolFor, type PickInput, type RepChoice, type Rotation } from '../../../functions/core/assignment.js';
import type { AssignRule } from '../../../functions/core/playbook.js';
import { repsOf, type ResolvedRep, type Team } from '../../../functions/core/team.js';
import { named } from '../../helpers/factories.js';
import { aRepInput, aTeam, aTeamOf, anAbsence, specAssignmentInput } from './team-factories.js';

/** A Wednesday at 10:00 in Berlin and Madrid: every rep of the SPEC team but cy is at work. */
const WEDNESDAY_10 = new Date('2026-06-03T10:00:00+02:00');
/** A Saturday: nobody of the SPEC team works. */
const SATURDAY = new Date('2026-06-06T11:00:00+02:00');

const specRules = (): AssignRule[] => specAssignmentInput().assign;

const aPick = (overrides: Partial<PickInput> = {}): PickInput => ({
  team: aTeam(),
  pool: 'emea',
  rotation: newRotation(),
  open: {},
  absences: {},
  at: WEDNESDAY_10,
  ...overrides,
});

const repIdOf = (choice: RepChoice): string | undefined => ('repId' in choice ? choice.repId : undefined);

/** `count` leads in a row, each pick carrying the rotation the last one stored. */
const pickSeveral = (count: number, input: Partial<PickInput> = {}): { repIds: (string | undefined)[]; rotation: Rotation } => {
  let rotation = input.rotation ?? newRotation();
  const repIds: (string | undefined)[] = [];
  for (let i = 0; i < count; i += 1) {
    const choice = pickRep(aPick({ ...input, rotation }));
    repIds.push(repIdOf(choice));
    rotation = choice.rotation;
  }
  return { repIds, rotation };
};

const repOf = (team: Team, id: string): ResolvedRep => {
  const rep = repsOf(team).find((r) => r.id === id);
  if (!rep) throw new Error(`no rep ${id}`);
  return rep;
};

describe('poolFor', () => {
  it.each(
    named<{ behaviour: string; answers: Record<string, string | string[]>; pool: string }>([
      { behaviour: 'a 201+ company goes to enterprise', answers: { company_size: '201+' }, pool: 'enterprise' },
      { behaviour: 'a 201+ company in EMEA still goes to enterprise: the first rule that holds wins', answers: { company_size: '201+', region: 'emea' }, pool: 'enterprise' },
      { behaviour: 'a smaller company in EMEA goes to emea', answers: { company_size: '51-200', region: 'emea' }, pool: 'emea' },
      { behaviour: 'a multiselect answer holding emea goes to emea', answers: { region: ['apac', 'emea'] }, pool: 'emea' },
      { behaviour: 'anyone else goes to mid, the rule without if', answers: { company_size: '11-50', region: 'americas' }, pool: 'mid' },
      { behaviour: 'a lead who answered nothing goes to mid', answers: {}, pool: 'mid' },
    ]),
  )('%s', (_, { answers, pool }) => {
    // Act
    const picked = poolFor(specRules(), answers);

    // Assess
    expect(picked).toBe(pool);
  });

  it('is undefined when no rule holds and none is without if', () => {
    // Prepare
    const rules = specRules().slice(0, 2);

    // Act
    const picked = poolFor(rules, { company_size: '1-10' });

    // Assess
    expect(picked).toBeUndefined();
  });

  it('reads a notIn rule as askIf does: not for a field left unanswered', () => {
    // Prepare
    const rules: AssignRule[] = [{ if: { field: 'company_size', notIn: ['1-10'] }, pool: 'big' }, { pool: 'small' }];

    // Act
    const unanswered = poolFor(rules, {});
    const answered = poolFor(rules, { company_size: '51-200' });

    // Assess
    expect([unanswered, answered]).toEqual(['small', 'big']);
  });
});

describe('availability', () => {
  const ana = () => repOf(aTeam(), 'ana');

  it.each(
    named<{ behaviour: string; load: Parameters<typeof availability>[1]; expected: ReturnType<typeof availability> }>([
      { behaviour: 'a rep at work, under maxOpen, is available', load: { open: 14, at: WEDNESDAY_10 }, expected: 'available' },
      { behaviour: 'a rep at maxOpen is full', load: { open: 15, at: WEDNESDAY_10 }, expected: 'full' },
      { behaviour: 'a rep on a Saturday is off hours', load: { open: 0, at: SATURDAY }, expected: 'off_hours' },
      { behaviour: 'a full rep off hours is full', load: { open: 15, at: SATURDAY }, expected: 'full' },
      {
        behaviour: 'a rep away from the very instant is away',
        load: { open: 0, at: WEDNESDAY_10, away: anAbsence('2026-06-03T08:00:00Z', '2026-06-10T00:00:00Z') },
        expected: 'away',
      },
      {
        behaviour: 'a rep whose absence ends at this instant is back',
        load: { open: 0, at: WEDNESDAY_10, away: anAbsence('2026-06-01T00:00:00Z', '2026-06-03T08:00:00Z') },
        expected: 'available',
      },
      {
        behaviour: 'a rep whose absence starts later is available',
        load: { open: 0, at: WEDNESDAY_10, away: anAbsence('2026-06-03T08:00:01Z', '2026-06-10T00:00:00Z') },
        expected: 'available',
      },
      {
        behaviour: 'a rep away and full is away',
        load: { open: 20, at: WEDNESDAY_10, away: anAbsence('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z', 'Vacation') },
        expected: 'away',
      },
      {
        behaviour: 'a rep with several absences is away during any of them',
        load: { open: 0, at: WEDNESDAY_10, away: [anAbsence('2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z'), anAbsence('2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z')] },
        expected: 'away',
      },
    ]),
  )('%s', (_, { load, expected }) => {
    // Act
    const status = availability(ana(), load);

    // Assess
    expect(status).toBe(expected);
  });

  it('never finds a rep without maxOpen full', () => {
    // Act
    const status = availability(repOf(aTeam(), 'ben'), { open: 10_000, at: WEDNESDAY_10 });

    // Assess
    expect(status).toBe('available');
  });

  it("reads the rep's own clock: 09:30 in New York is working there while Berlin's day is ending", () => {
    // Prepare
    const team = aTeamOf([aRepInput({ id: 'nia', timezone: 'America/New_York', workingHours: { wed: '09:00-17:00' } })]);
    const at = new Date('2026-06-03T09:30:00-04:00');

    // Act
    const status = availability(repOf(team, 'nia'), { open: 0, at });

    // Assess
    expect(status).toBe('available');
  });
});

describe('pickRep', () => {
  it('takes turns by weight, smoothly: ana (weight 2) and ben (1) in emea go ana, ben, ana, ana, ben, ana', () => {
    // Act
    const { repIds, rotation } = pickSeveral(6);

    // Assess
    expect(repIds).toEqual(['ana', 'ben', 'ana', 'ana', 'ben', 'ana']);
    expect(rotation).toEqual({ current: { ana: 0, ben: 0 } });
  });

  it('breaks a tie by the order of the team: ben before cy on a Monday morning', () => {
    // Act
    const { repIds } = pickSeveral(4, { pool: 'mid', at: new Date('2026-06-01T10:00:00+02:00') });

    // Assess
    expect(repIds).toEqual(['ben', 'cy', 'ben', 'cy']);
  });

  it('answers the rep, the rotation to store, and an SLA clock starting now', () => {
    // Act
    const choice = pickRep(aPick());

    // Assess
    expect(choice).toEqual({ repId: 'ana', rotation: { current: { ana: -1, ben: 1 } }, slaStartsAt: WEDNESDAY_10, reason: 'available' });
  });

  it('leaves the rotation it was given as it was', () => {
    // Prepare
    const rotation: Rotation = { current: { ana: -1, ben: 1 } };

    // Act
    pickRep(aPick({ rotation }));

    // Assess
    expect(rotation).toEqual({ current: { ana: -1, ben: 1 } });
  });

  it('continues a stored rotation where it stopped', () => {
    // Act
    const choice = pickRep(aPick({ rotation: { current: { ana: -1, ben: 1 } } }));

    // Assess
    expect(choice).toMatchObject({ repId: 'ben', rotation: { current: { ana: 1, ben: -1 } } });
  });

  it.each(
    named<{ behaviour: string; input: Partial<PickInput> }>([
      { behaviour: 'a rep away', input: { absences: { ana: anAbsence('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z') } } },
      { behaviour: 'a rep at maxOpen', input: { open: { ana: 15 } } },
      { behaviour: 'the rep who missed the SLA, on reassignment', input: { exclude: ['ana'] } },
    ]),
  )('passes over %s, every time', (_, { input }) => {
    // Act
    const { repIds } = pickSeveral(5, input);

    // Assess
    expect(repIds).toEqual(['ben', 'ben', 'ben', 'ben', 'ben']);
  });

  it("keeps the turn of a rep who was away: ana's place waits while ben takes the leads", () => {
    // Prepare
    const absences = { ana: anAbsence('2026-06-01T00:00:00Z', '2026-06-03T09:00:00Z') };
    const { rotation } = pickSeveral(3, { absences });

    // Act
    const back = pickSeveral(3, { rotation });

    // Assess
    expect(rotation.current).toEqual({ ben: 0 });
    expect(back.repIds).toEqual(['ana', 'ben', 'ana']);
  });

  it('prefers a rep at work over the rotation: on Monday 13:00 cy has left, so ben takes every mid lead', () => {
    // Act
    const { repIds } = pickSeveral(3, { pool: 'mid', at: new Date('2026-06-01T13:00:00+02:00') });

    // Assess
    expect(repIds).toEqual(['ben', 'ben', 'ben']);
  });

  it('goes on over reps off hours when nobody is at work, the SLA starting at the picked rep\'s next working minute', () => {
    // Act
    const first = pickRep(aPick({ pool: 'mid', at: SATURDAY }));
    const second = pickRep(aPick({ pool: 'mid', at: SATURDAY, rotation: first.rotation }));

    // Assess
    expect(first).toEqual({ repId: 'ben', rotation: { current: { ben: -1, cy: 1 } }, slaStartsAt: new Date('2026-06-08T09:00:00+02:00'), reason: 'off_hours' });
    expect(second).toMatchObject({ repId: 'cy', slaStartsAt: new Date('2026-06-08T08:00:00+02:00'), reason: 'off_hours' });
  });

  it('never picks an away or full rep off hours either', () => {
    // Act
    const choice = pickRep(aPick({ pool: 'mid', at: SATURDAY, absences: { ben: anAbsence('2026-06-06T00:00:00Z', '2026-06-08T00:00:00Z') }, open: {} }));

    // Assess
    expect(choice).toMatchObject({ repId: 'cy', reason: 'off_hours' });
  });

  it.each(
    named<{ behaviour: string; input: Partial<PickInput> }>([
      {
        behaviour: 'every rep of the pool is away',
        input: { absences: { ana: anAbsence('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z'), ben: anAbsence('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z') } },
      },
      { behaviour: 'the only other rep is full', input: { pool: 'enterprise', open: { ana: 15 } } },
      { behaviour: 'the only rep is excluded', input: { pool: 'enterprise', exclude: ['ana'] } },
      { behaviour: 'nobody is in the pool', input: { pool: 'apac' } },
    ]),
  )('assigns nobody and keeps the rotation when %s', (_, { input }) => {
    // Prepare
    const rotation: Rotation = { current: { ana: 3, ben: -3 } };

    // Act
    const choice = pickRep(aPick({ ...input, rotation }));

    // Assess
    expect(choice).toEqual({ none: true, rotation });
  });

  it('never picks a rep whose week has no working hours, even off hours', () => {
    // Prepare: only a hand-built team can hold such a rep, the schema refuses one.
    const team = aTeamOf([aRepInput({ id: 'dee' })]);
    const idle: Team = { ...team, reps: team.reps.map((rep) => ({ ...rep, workingHours: {} })) };

    // Act
    const choice = pickRep(aPick({ team: idle }));

    // Assess
    expect(choice).toEqual({ none: true, rotation: newRotation() });
  });

  it("drops from the pool's rotation a rep who left the pool, and keeps the others' places", () => {
    // Prepare
    const rotation: Rotation = { current: { ana: -1, ben: 1, zoe: 5, cy: 2 } };

    // Act
    const choice = pickRep(aPick({ rotation }));

    // Assess
    expect(choice.rotation).toEqual({ current: { ana: 1, ben: -1 } });
  });

  it("keeps the place of a rep passed over this time (away, full or excluded) as it was", () => {
    // Prepare
    const rotation: Rotation = { current: { ana: 7, ben: -7 } };

    // Act
    const choice = pickRep(aPick({ rotation, exclude: ['ana'] }));

    // Assess
    expect(choice).toEqual({ repId: 'ben', rotation: { current: { ana: 7, ben: -7 } }, slaStartsAt: WEDNESDAY_10, reason: 'available' });
  });
});
