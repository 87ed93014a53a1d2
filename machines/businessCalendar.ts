import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, jstDate, jstInstant } from './calendar.js';

// Which day counts: national holidays (from @holiday-jp/holiday_jp, maintained yearly) and each
// office's business hours and closed days, in Japan Standard Time.

export type ClosedDay = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'holiday' | 'year_end';

export interface BusinessHours {
  open: string;
  close: string;
  closedDays: ClosedDay[];
}

/** Used when an office has not told us its hours: weekdays 9–18, closed on holidays. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  open: '09:00',
  close: '18:00',
  closedDays: ['sat', 'sun', 'holiday'],
};

const WEEKDAYS: ClosedDay[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// The package types its table with one literal key per date; seen as a lookup by any date string,
// a date absent from the table gives undefined.
const HOLIDAYS: Readonly<Record<string, { readonly name: string } | undefined>> = holidayJp.holidays;

/** The national holiday on a Japanese calendar date (YYYY-MM-DD), or null. */
export function holidayName(date: string): string | null {
  return HOLIDAYS[date]?.name ?? null;
}

export function weekday(date: string): ClosedDay {
  const day = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  if (!day) throw new Error(`Not a calendar date: ${date}`);
  return day;
}

/** 年末年始 (Dec 29 – Jan 3), closed at most Japanese offices though not national holidays. */
function isYearEnd(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}

/** Why a day is not a business day, in Japanese, or null when it is one. */
export function closedReason(date: string, hours: BusinessHours): string | null {
  const wd = weekday(date);
  if (hours.closedDays.includes(wd)) return `${'日月火水木金土'[WEEKDAYS.indexOf(wd)]}曜日は休業日`;
  if (hours.closedDays.includes('holiday')) {
    const name = holidayName(date);
    if (name) return `祝日(${name})`;
  }
  if (hours.closedDays.includes('year_end') && isYearEnd(date)) return '年末年始の休業日';
  return null;
}

export function isBusinessDay(date: string, hours: BusinessHours): boolean {
  return closedReason(date, hours) === null;
}

/** After the office closed that day, or on a day it does not open: 営業時間終了後又は営業日以外. */
export function isOutsideBusinessHours(instant: string, hours: BusinessHours): boolean {
  const date = jstDate(instant);
  if (!isBusinessDay(date, hours)) return true;
  return Date.parse(instant) >= Date.parse(jstInstant(date, hours.close));
}

export function nextBusinessDay(date: string, hours: BusinessHours): string {
  let d = addDays(date, 1);
  for (let i = 0; i < 60 && !isBusinessDay(d, hours); i++) d = addDays(d, 1);
  return d;
}

/** The n-th business day after `date` (n ≥ 1). */
export function addBusinessDays(date: string, n: number, hours: BusinessHours): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextBusinessDay(d, hours);
  return d;
}

/** The latest business day in [from, to], or null. */
export function lastBusinessDayBetween(from: string, to: string, hours: BusinessHours): string | null {
  for (let d = to; d >= from; d = addDays(d, -1)) if (isBusinessDay(d, hours)) return d;
  return null;
}

/**
 * What a person sees as "days left" to a deadline due by the end of `dueOn`: the business days of
 * this calendar after `today` up to and including `dueOn` (0 = due today), or, once `dueOn` has
 * passed, minus the calendar days since (a deadline is late on every day, open or not).
 */
export function businessDaysLeft(today: string, dueOn: string, hours: BusinessHours): number {
  if (dueOn < today) return -Math.round((Date.parse(today) - Date.parse(dueOn)) / 86_400_000);
  let n = 0;
  for (let d = addDays(today, 1); d <= dueOn; d = addDays(d, 1)) if (isBusinessDay(d, hours)) n++;
  return n;
}
