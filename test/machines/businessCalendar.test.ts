// Which day counts: the Japanese business calendar that 入院時情報連携加算's windows and every
// deadline are computed on (national holidays from @holiday-jp/holiday_jp, office hours, 年末年始).
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  type BusinessHours,
  closedReason,
  DEFAULT_BUSINESS_HOURS,
  holidayName,
  isBusinessDay,
  isOutsideBusinessHours,
  lastBusinessDayBetween,
  nextBusinessDay,
  weekday,
} from '../../machines/businessCalendar.js';

/** A typical 居宅介護支援事業所: weekdays 9–18, closed on Saturdays, Sundays and national holidays. */
const OFFICE: BusinessHours = { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] };
/** The Sanda hospital calendar (regions/sanda/region.json): also closed 12/29–1/3. */
const HOSPITAL: BusinessHours = { open: '08:30', close: '17:15', closedDays: ['sat', 'sun', 'holiday', 'year_end'] };
/** An office open on holidays and over the new year, closed only on Sundays. */
const SUNDAYS_ONLY: BusinessHours = { open: '09:00', close: '18:00', closedDays: ['sun'] };

describe('national holidays (@holiday-jp/holiday_jp)', () => {
  it.each([
    ['2026-11-23', '勤労感謝の日'],
    ['2027-01-11', '成人の日'],
    ['2026-01-01', '元日'],
    ['2026-09-22', '休日'],
  ])('%s is a national holiday (%s)', (date, name) => {
    expect(holidayName(date)).toBe(name);
    expect(isBusinessDay(date, OFFICE)).toBe(false);
    expect(closedReason(date, OFFICE)).toBe(`祝日(${name})`);
  });

  it('a substitute holiday (振替休日) is a holiday: 2026-05-06 (Wed) after 憲法記念日 fell on a Sunday', () => {
    expect(weekday('2026-05-06')).toBe('wed');
    expect(holidayName('2026-05-06')).toContain('振替休日');
    expect(isBusinessDay('2026-05-06', OFFICE)).toBe(false);
    expect(isBusinessDay('2026-05-07', OFFICE)).toBe(true);
  });

  it('2027-03-22 (Mon) is the substitute holiday for 春分の日 on Sunday 2027-03-21', () => {
    expect(holidayName('2027-03-22')).toContain('振替休日');
    expect(isBusinessDay('2027-03-22', OFFICE)).toBe(false);
  });

  it('an ordinary weekday is not a holiday and is a business day', () => {
    expect(holidayName('2026-11-24')).toBeNull();
    expect(isBusinessDay('2026-11-24', OFFICE)).toBe(true);
    expect(closedReason('2026-11-24', OFFICE)).toBeNull();
  });

  it('an office that does not close on holidays is open on one', () => {
    expect(isBusinessDay('2026-11-23', SUNDAYS_ONLY)).toBe(true);
    expect(isBusinessDay('2026-05-06', SUNDAYS_ONLY)).toBe(true);
  });
});

describe('closed days of the week', () => {
  it('weekday() reads the Japanese calendar date', () => {
    expect(weekday('2027-01-08')).toBe('fri');
    expect(weekday('2027-01-09')).toBe('sat');
    expect(weekday('2027-01-10')).toBe('sun');
  });

  it('Saturday and Sunday are closed for a weekdays-only office, with the reason in Japanese', () => {
    expect(isBusinessDay('2027-01-09', OFFICE)).toBe(false);
    expect(closedReason('2027-01-09', OFFICE)).toBe('土曜日は休業日');
    expect(closedReason('2027-01-10', OFFICE)).toBe('日曜日は休業日');
  });

  it('an office open on Saturdays counts Saturday as a business day', () => {
    expect(isBusinessDay('2027-01-09', SUNDAYS_ONLY)).toBe(true);
    expect(isBusinessDay('2027-01-10', SUNDAYS_ONLY)).toBe(false);
  });

  it('a mid-week closed day (e.g. Wednesdays) is honoured', () => {
    const wedClosed: BusinessHours = { open: '09:00', close: '17:00', closedDays: ['wed'] };
    expect(isBusinessDay('2027-01-13', wedClosed)).toBe(false);
    expect(isBusinessDay('2027-01-09', wedClosed)).toBe(true);
  });

  it('the default hours close on Saturdays, Sundays and holidays', () => {
    expect(isBusinessDay('2027-01-09', DEFAULT_BUSINESS_HOURS)).toBe(false);
    expect(isBusinessDay('2027-01-11', DEFAULT_BUSINESS_HOURS)).toBe(false);
    expect(isBusinessDay('2027-01-12', DEFAULT_BUSINESS_HOURS)).toBe(true);
  });
});

describe('年末年始 (year_end: 12/29–1/3)', () => {
  it.each(['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'])(
    '%s is closed for an office that closes over the new year',
    (date) => {
      expect(isBusinessDay(date, HOSPITAL)).toBe(false);
    },
  );

  it('12/29 (a Tuesday in 2026) is closed for the reason 年末年始', () => {
    expect(weekday('2026-12-29')).toBe('tue');
    expect(closedReason('2026-12-29', HOSPITAL)).toBe('年末年始の休業日');
  });

  it('1/3 on a weekday (Monday in 2028) is still 年末年始: the last closed day', () => {
    expect(weekday('2028-01-03')).toBe('mon');
    expect(closedReason('2028-01-03', HOSPITAL)).toBe('年末年始の休業日');
    expect(isBusinessDay('2028-01-04', HOSPITAL)).toBe(true);
  });

  it('12/28 and 1/4 are the edges: both business days', () => {
    expect(isBusinessDay('2026-12-28', HOSPITAL)).toBe(true);
    expect(isBusinessDay('2027-01-04', HOSPITAL)).toBe(true);
  });

  it('an office without year_end is open on 12/29–12/31 weekdays', () => {
    expect(isBusinessDay('2026-12-29', OFFICE)).toBe(true);
    expect(isBusinessDay('2026-12-31', OFFICE)).toBe(true);
    // 1/1 is still a national holiday.
    expect(isBusinessDay('2027-01-01', OFFICE)).toBe(false);
  });

  it('an office with year_end but open on Saturdays is still closed on Saturday 2027-01-02', () => {
    const satOpen: BusinessHours = { open: '09:00', close: '18:00', closedDays: ['sun', 'year_end'] };
    expect(weekday('2027-01-02')).toBe('sat');
    expect(isBusinessDay('2027-01-02', satOpen)).toBe(false);
    expect(isBusinessDay('2027-01-09', satOpen)).toBe(true);
  });
});

describe('isOutsideBusinessHours: 営業時間終了後又は営業日以外', () => {
  it('18:00 exactly is after hours when the office closes at 18:00', () => {
    expect(isOutsideBusinessHours('2027-01-08T18:00:00+09:00', OFFICE)).toBe(true);
  });

  it('17:59 is still within hours', () => {
    expect(isOutsideBusinessHours('2027-01-08T17:59:00+09:00', OFFICE)).toBe(false);
    expect(isOutsideBusinessHours('2027-01-08T17:59:59.999+09:00', OFFICE)).toBe(false);
  });

  it('18:30 and 23:59 on a business day are after hours', () => {
    expect(isOutsideBusinessHours('2027-01-08T18:30:00+09:00', OFFICE)).toBe(true);
    expect(isOutsideBusinessHours('2027-01-08T23:59:00+09:00', OFFICE)).toBe(true);
  });

  it('the instant is read in Japan time, whatever offset it is written with', () => {
    // 09:00Z = 18:00 JST, 08:59Z = 17:59 JST.
    expect(isOutsideBusinessHours('2027-01-08T09:00:00Z', OFFICE)).toBe(true);
    expect(isOutsideBusinessHours('2027-01-08T08:59:00Z', OFFICE)).toBe(false);
    // 2027-01-08T16:00Z is 01:00 JST on Saturday 1/9: a closed day.
    expect(isOutsideBusinessHours('2027-01-08T16:00:00Z', OFFICE)).toBe(true);
  });

  it("the close time is the office's own: 17:15 for the Sanda hospital", () => {
    expect(isOutsideBusinessHours('2027-01-08T17:14:00+09:00', HOSPITAL)).toBe(false);
    expect(isOutsideBusinessHours('2027-01-08T17:15:00+09:00', HOSPITAL)).toBe(true);
  });

  it.each([
    ['Saturday', '2027-01-09T10:00:00+09:00'],
    ['Sunday', '2027-01-10T00:00:00+09:00'],
    ['成人の日', '2027-01-11T12:00:00+09:00'],
    ['勤労感謝の日', '2026-11-23T09:30:00+09:00'],
    ['a substitute holiday', '2026-05-06T11:00:00+09:00'],
  ])('any time on a closed day (%s) counts as outside business hours', (_, instant) => {
    expect(isOutsideBusinessHours(instant, OFFICE)).toBe(true);
  });

  it('during 年末年始 only for offices that close then', () => {
    expect(isOutsideBusinessHours('2026-12-30T10:00:00+09:00', HOSPITAL)).toBe(true);
    expect(isOutsideBusinessHours('2026-12-30T10:00:00+09:00', OFFICE)).toBe(false);
  });

  it('before opening on a business day is not "after the office closed" (the seed says 営業時間終了後)', () => {
    expect(isOutsideBusinessHours('2027-01-08T07:00:00+09:00', OFFICE)).toBe(false);
  });
});

describe('nextBusinessDay / addBusinessDays', () => {
  it('Friday before the 成人の日 weekend: the next business day is Tuesday 1/12', () => {
    expect(nextBusinessDay('2027-01-08', OFFICE)).toBe('2027-01-12');
  });

  it('from inside the holiday weekend the next business day is also Tuesday', () => {
    expect(nextBusinessDay('2027-01-09', OFFICE)).toBe('2027-01-12');
    expect(nextBusinessDay('2027-01-11', OFFICE)).toBe('2027-01-12');
  });

  it('an office open on Saturdays and holidays does not skip them', () => {
    expect(nextBusinessDay('2027-01-08', SUNDAYS_ONLY)).toBe('2027-01-09');
    expect(nextBusinessDay('2027-01-09', SUNDAYS_ONLY)).toBe('2027-01-11');
  });

  it('addBusinessDays counts business days only: Friday 1/8 + 1 = Tue 1/12, + 2 = Wed 1/13', () => {
    expect(addBusinessDays('2027-01-08', 1, OFFICE)).toBe('2027-01-12');
    expect(addBusinessDays('2027-01-08', 2, OFFICE)).toBe('2027-01-13');
    expect(addBusinessDays('2027-01-08', 3, OFFICE)).toBe('2027-01-14');
  });

  it('Saturday 11/21 before 勤労感謝の日 (Mon 11/23, 2026): next is Tuesday 11/24', () => {
    expect(nextBusinessDay('2026-11-21', OFFICE)).toBe('2026-11-24');
  });

  it('ゴールデンウィーク 2026 with its substitute holiday: Friday 5/1 → Thursday 5/7', () => {
    expect(nextBusinessDay('2026-05-01', OFFICE)).toBe('2026-05-07');
    expect(addBusinessDays('2026-04-30', 2, OFFICE)).toBe('2026-05-07');
  });

  it('across 年末年始: Monday 12/28 → Monday 1/4 for the hospital, Tuesday 12/29 for a weekday office', () => {
    expect(nextBusinessDay('2026-12-28', HOSPITAL)).toBe('2027-01-04');
    expect(nextBusinessDay('2026-12-28', OFFICE)).toBe('2026-12-29');
    expect(addBusinessDays('2026-12-25', 2, HOSPITAL)).toBe('2027-01-04');
  });

  it('the result is always a business day strictly after the start', () => {
    for (const date of ['2026-12-31', '2027-01-01', '2027-03-20', '2027-05-02']) {
      const next = nextBusinessDay(date, HOSPITAL);
      expect(next > date).toBe(true);
      expect(isBusinessDay(next, HOSPITAL)).toBe(true);
    }
  });
});

describe('lastBusinessDayBetween', () => {
  it('the holiday weekend Fri 1/8 – Mon 1/11: Friday', () => {
    expect(lastBusinessDayBetween('2027-01-08', '2027-01-11', OFFICE)).toBe('2027-01-08');
  });

  it('a range of closed days only has none', () => {
    expect(lastBusinessDayBetween('2027-01-09', '2027-01-11', OFFICE)).toBeNull();
    expect(lastBusinessDayBetween('2026-12-29', '2027-01-03', HOSPITAL)).toBeNull();
  });

  it('the end day itself when it is a business day (both ends inclusive)', () => {
    expect(lastBusinessDayBetween('2027-01-08', '2027-01-12', OFFICE)).toBe('2027-01-12');
    expect(lastBusinessDayBetween('2027-01-12', '2027-01-12', OFFICE)).toBe('2027-01-12');
  });

  it('an empty range (from after to) has none', () => {
    expect(lastBusinessDayBetween('2027-01-13', '2027-01-12', OFFICE)).toBeNull();
  });

  it('the calendar of the office decides: Saturday for an office open on Saturdays', () => {
    expect(lastBusinessDayBetween('2027-01-08', '2027-01-11', SUNDAYS_ONLY)).toBe('2027-01-11');
    expect(lastBusinessDayBetween('2027-01-08', '2027-01-10', SUNDAYS_ONLY)).toBe('2027-01-09');
  });
});
