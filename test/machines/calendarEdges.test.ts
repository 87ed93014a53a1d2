// Edges of the business calendar (machines/businessCalendar.ts) that the rule's deadlines lean on:
// each closed weekday named in Japanese, and the bound on the search for an open day when an office's
// data closes it every day (the deadline then lands 61 days on instead of never).
import { describe, expect, it } from 'vitest';
import { type ClosedDay, closedReason, nextBusinessDay } from '../../machines/businessCalendar.js';

const EVERY_WEEKDAY: ClosedDay[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

describe('曜日は休業日: a closed weekday is named in Japanese', () => {
  // 2026-06-07 is a Sunday.
  it.each([
    ['2026-06-07', 'sun', '日曜日は休業日'],
    ['2026-06-08', 'mon', '月曜日は休業日'],
    ['2026-06-09', 'tue', '火曜日は休業日'],
    ['2026-06-10', 'wed', '水曜日は休業日'],
    ['2026-06-11', 'thu', '木曜日は休業日'],
    ['2026-06-12', 'fri', '金曜日は休業日'],
    ['2026-06-13', 'sat', '土曜日は休業日'],
  ] as const)('%s (%s): %s', (date, day, reason) => {
    expect(closedReason(date, { open: '09:00', close: '18:00', closedDays: [day] })).toBe(reason);
  });
});

describe('an office closed every day', () => {
  it('the next business day is searched for 60 days, then the 61st day is taken', () => {
    const never = { open: '09:00', close: '18:00', closedDays: EVERY_WEEKDAY };
    expect(nextBusinessDay('2026-06-09', never)).toBe('2026-08-09');
  });
});
