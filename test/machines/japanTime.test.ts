// Japan time, which every deadline and window of the rule is counted in (machines/time.ts and
// machines/calendar.ts): JST is UTC+9 all year, a day in Japan starts at 15:00 UTC the day before,
// and a person reads month/day without zero padding.
import { describe, expect, it } from 'vitest';
import { weekday } from '../../machines/businessCalendar.js';
import { addDays, daysBetween, endOfJstDay, jstDate, jstInstant } from '../../machines/calendar.js';
import {
  CLOCK_SKEW_MS,
  DAY_MS,
  HOUR_MS,
  JST_OFFSET_MS,
  jstLocalMinute,
  jstWallClock,
  md,
} from '../../machines/time.js';

describe('the constants: an hour, a day, JST = UTC+9, a clock up to ten minutes ahead', () => {
  it('in milliseconds', () => {
    expect(HOUR_MS).toBe(3_600_000);
    expect(DAY_MS).toBe(86_400_000);
    expect(JST_OFFSET_MS).toBe(32_400_000);
    expect(CLOCK_SKEW_MS).toBe(600_000);
  });
});

describe('the wall clock in Japan', () => {
  it('15:00 UTC is midnight of the next day in Japan, with no daylight saving in summer', () => {
    expect(jstWallClock('2026-12-03T15:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
    expect(jstWallClock(Date.parse('2026-07-01T01:30:00Z'))).toBe('2026-07-01T10:30:00.000Z');
    expect(jstWallClock(new Date('2026-12-04T10:30:00+09:00'))).toBe('2026-12-04T10:30:00.000Z');
  });

  it('a form’s datetime-local default is the minute in Japan', () => {
    expect(jstLocalMinute(new Date('2026-12-04T01:30:59.999Z'))).toBe('2026-12-04T10:30');
  });

  it('month/day as a person reads it: no zero padding', () => {
    expect(md('2026-01-05')).toBe('1/5');
    expect(md('2026-12-31T23:59')).toBe('12/31');
  });
});

describe('calendar days in Japan', () => {
  it('the date in Japan turns at 15:00 UTC', () => {
    expect(jstDate('2026-06-09T14:59:59.999Z')).toBe('2026-06-09');
    expect(jstDate('2026-06-09T15:00:00.000Z')).toBe('2026-06-10');
    expect(jstDate(new Date('2026-06-10T00:00:00+09:00'))).toBe('2026-06-10');
  });

  it('whole days between dates, negative backwards, across a month end', () => {
    expect(daysBetween('2026-06-28', '2026-07-03')).toBe(5);
    expect(daysBetween('2026-07-03', '2026-06-28')).toBe(-5);
    expect(daysBetween('2026-06-09', '2026-06-09')).toBe(0);
  });

  it('adding days crosses months and years both ways', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2027-01-02', -3)).toBe('2026-12-30');
  });

  it('a wall-clock time on a Japanese date is nine hours earlier in UTC; midnight by default', () => {
    expect(jstInstant('2026-06-10', '09:00')).toBe('2026-06-10T00:00:00.000Z');
    expect(jstInstant('2026-06-10')).toBe('2026-06-09T15:00:00.000Z');
  });

  it('"by the end of a day" ends at the next midnight in Japan', () => {
    expect(endOfJstDay('2026-06-11')).toBe('2026-06-11T15:00:00.000Z');
  });

  it('a day of the week exists only for a calendar date: anything else is refused, naming it', () => {
    expect(weekday('2026-06-09')).toBe('tue');
    expect(() => weekday('2026-13-45')).toThrow(new Error('Not a calendar date: 2026-13-45'));
  });
});
