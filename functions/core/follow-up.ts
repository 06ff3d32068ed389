import type { Playbook, Sla } from './playbook.js';
import { HOUR_MS } from './time.js';
import { addWorkingHours, type WorkingHours } from './working-hours.js';

export type ReturnCheck = { ok: true } | { ok: false; code: 'follow_up_required' | 'invalid_reason'; message: string };

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/**
 * Whether sales may return a lead to nurture with `reason` now. A playbook without
 * `returnReasons` takes any reason, one without `followUp` needs no attempt first (as before
 * teams existed); otherwise a return waits for the cycle's attempts unless its reason is one
 * that needs none (spam needs no call).
 */
export const checkReturn = (playbook: Pick<Playbook, 'followUp' | 'returnReasons'>, reason: string, attemptsThisCycle: number): ReturnCheck => {
  const { followUp, returnReasons } = playbook;
  if (returnReasons && !returnReasons.includes(reason)) {
    return { ok: false, code: 'invalid_reason', message: `"${reason}" is not a return reason (returnReasons: ${returnReasons.join(', ')})` };
  }
  if (!followUp || followUp.reasonsWithoutAttempts.includes(reason)) return { ok: true };
  const missing = followUp.attemptsBeforeReturn - attemptsThisCycle;
  if (missing <= 0) return { ok: true };
  const exempt = followUp.reasonsWithoutAttempts.length
    ? `; ${followUp.reasonsWithoutAttempts.join(', ')} need${followUp.reasonsWithoutAttempts.length === 1 ? 's' : ''} none`
    : '';
  return {
    ok: false,
    code: 'follow_up_required',
    message:
      `log ${plural(missing, 'more contact attempt', 'more contact attempts')} before returning this lead as ${reason} ` +
      `(${followUp.attemptsBeforeReturn} needed this cycle, ${attemptsThisCycle} logged)${exempt}`,
  };
};

/** Where an assigned rep works: the SLA counts these hours when `businessHours` is on. */
export interface RepHours {
  timezone: string;
  workingHours: WorkingHours;
}

/**
 * When the SLA of an assignment runs out. `startsAt` is when its clock starts: the
 * assignment, or the rep's next working minute when the rep was picked off hours.
 */
export const slaDeadline = (sla: Pick<Sla, 'acceptWithinHours' | 'businessHours'>, rep: RepHours, startsAt: Date): Date =>
  sla.businessHours
    ? addWorkingHours(rep.workingHours, rep.timezone, startsAt, sla.acceptWithinHours)
    : new Date(startsAt.getTime() + sla.acceptWithinHours * HOUR_MS);
