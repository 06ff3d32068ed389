import { describe, expect, it } from 'vitest';
import { checkReturn, slaDeadline } from '../../../functions/core/follow-up.js';
import { named } from '../../helpers/factories.js';
import { anAssigningPlaybook, specWorkingHours } from './team-factories.js';

const BERLIN_TEAM = { timezone: 'Europe/Berlin', workingHours: specWorkingHours() };

describe('checkReturn', () => {
  const playbook = () => anAssigningPlaybook();

  it.each(
    named<{ behaviour: string; reason: string; attempts: number }>([
      { behaviour: 'a return after the three attempts the SPEC playbook asks for', reason: 'no_response', attempts: 3 },
      { behaviour: 'a return after more attempts than needed', reason: 'not_ready', attempts: 5 },
      { behaviour: 'a return as spam with no attempt at all', reason: 'spam', attempts: 0 },
      { behaviour: 'a return as bad_fit with no attempt at all', reason: 'bad_fit', attempts: 0 },
    ]),
  )('allows %s', (_, { reason, attempts }) => {
    // Act
    const check = checkReturn(playbook(), reason, attempts);

    // Assess
    expect(check).toEqual({ ok: true });
  });

  it('refuses a return before the attempts, saying how many are still needed and which reasons need none', () => {
    // Act
    const check = checkReturn(playbook(), 'no_response', 1);

    // Assess
    expect(check).toEqual({
      ok: false,
      code: 'follow_up_required',
      message: 'log 2 more contact attempts before returning this lead as no_response (3 needed this cycle, 1 logged); bad_fit, spam, existing_customer need none',
    });
  });

  it('says "attempt" for the one attempt still missing, and "needs" for a single reason without attempts', () => {
    // Prepare
    const onePlaybook = anAssigningPlaybook({ followUp: { attemptsBeforeReturn: 1, reasonsWithoutAttempts: ['spam'] } });

    // Act
    const check = checkReturn(onePlaybook, 'not_ready', 0);

    // Assess
    expect(check).toMatchObject({ message: 'log 1 more contact attempt before returning this lead as not_ready (1 needed this cycle, 0 logged); spam needs none' });
  });

  it('names no exempt reason when there is none', () => {
    // Prepare
    const strict = anAssigningPlaybook({ followUp: { attemptsBeforeReturn: 2 } });

    // Act
    const check = checkReturn(strict, 'spam', 0);

    // Assess
    expect(check).toMatchObject({ ok: false, message: 'log 2 more contact attempts before returning this lead as spam (2 needed this cycle, 0 logged)' });
  });

  it('refuses a reason the playbook does not list, naming those it does', () => {
    // Act
    const check = checkReturn(playbook(), 'too_expensive', 3);

    // Assess
    expect(check).toEqual({
      ok: false,
      code: 'invalid_reason',
      message: '"too_expensive" is not a return reason (returnReasons: not_ready, no_response, bad_fit, spam, existing_customer)',
    });
  });

  it('takes any reason, with no attempt, from a playbook without returnReasons or followUp (as before teams)', () => {
    // Act
    const check = checkReturn({}, 'budget frozen until Q3', 0);

    // Assess
    expect(check).toEqual({ ok: true });
  });

  it('asks for attempts but takes any reason from a playbook with followUp and no returnReasons', () => {
    // Act
    const early = checkReturn({ followUp: { attemptsBeforeReturn: 1, reasonsWithoutAttempts: [] } }, 'anything', 0);
    const late = checkReturn({ followUp: { attemptsBeforeReturn: 1, reasonsWithoutAttempts: [] } }, 'anything', 1);

    // Assess
    expect(early).toMatchObject({ ok: false, code: 'follow_up_required' });
    expect(late).toEqual({ ok: true });
  });
});

describe('slaDeadline', () => {
  it("counts the rep's working hours when businessHours is on: 4 hours from Friday 15:00 in Berlin end Monday 12:00", () => {
    // Act
    const deadline = slaDeadline({ acceptWithinHours: 4, businessHours: true }, BERLIN_TEAM, new Date('2026-06-05T15:00:00+02:00'));

    // Assess
    expect(deadline).toEqual(new Date('2026-06-08T12:00:00+02:00'));
  });

  it('counts the wall clock when businessHours is off: 4 hours from Friday 15:00 end Friday 19:00', () => {
    // Act
    const deadline = slaDeadline({ acceptWithinHours: 4, businessHours: false }, BERLIN_TEAM, new Date('2026-06-05T15:00:00+02:00'));

    // Assess
    expect(deadline).toEqual(new Date('2026-06-05T19:00:00+02:00'));
  });

  it('counts real hours on the wall clock across a daylight-saving change: 24 hours are 24, though the clocks show 25', () => {
    // Act
    const deadline = slaDeadline({ acceptWithinHours: 24, businessHours: false }, BERLIN_TEAM, new Date('2026-10-24T12:00:00+02:00'));

    // Assess
    expect(deadline).toEqual(new Date('2026-10-25T11:00:00+01:00'));
  });

  it('counts the hours of the rep, in its own zone: 2 hours from 16:00 in Berlin end 12:00 in New York', () => {
    // Prepare
    const newYorkRep = { timezone: 'America/New_York', workingHours: { fri: '09:00-17:00' } };

    // Act
    const deadline = slaDeadline({ acceptWithinHours: 2, businessHours: true }, newYorkRep, new Date('2026-06-05T16:00:00+02:00'));

    // Assess
    expect(deadline).toEqual(new Date('2026-06-05T12:00:00-04:00'));
  });
});
