import { describe, expect, it } from 'vitest';
import { countdown, points } from '../../../widget/admin/format.js';

const NOW = Date.parse('2026-12-03T09:00:00Z');
const at = (minutes: number): string => new Date(NOW + minutes * 60_000).toISOString();

describe('the admin inbox’s countdown to a response deadline', () => {
  it('says the time left in hours and minutes while the deadline lies ahead', () => {
    expect(countdown(at(130), NOW)).toEqual({ text: '2\u00a0h 10\u00a0min left', late: false });
    expect(countdown(at(7), NOW)).toEqual({ text: '7\u00a0min left', late: false });
  });

  it('says how long a lead is overdue, flagged late, once the deadline has passed', () => {
    expect(countdown(at(-35), NOW)).toEqual({ text: 'Overdue 35\u00a0min', late: true });
    expect(countdown(at(-125), NOW)).toEqual({ text: 'Overdue 2\u00a0h 5\u00a0min', late: true });
  });

  it('reads in days and hours past a day, and "Due now" within the minute', () => {
    expect(countdown(at(60 * 27), NOW)).toEqual({ text: '1\u00a0d 3\u00a0h left', late: false });
    expect(countdown(at(0.2), NOW)).toEqual({ text: 'Due now', late: true });
  });
});

describe('scores on the admin page', () => {
  it('are whole numbers, never -0', () => {
    expect([46.38, 0.4, -0.4, 19].map(points)).toEqual(['46', '0', '0', '19']);
  });
});
