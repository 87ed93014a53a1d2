// Day arithmetic in Japan Standard Time. JST has no daylight saving, so a fixed
// +09:00 offset is exact; the business calendar (holidays, office hours) builds on this.
import { DAY_MS, JST_OFFSET_MS } from './time.js';

/** Calendar date (YYYY-MM-DD) in Japan of an instant. */
export function jstDate(instant: string | Date): string {
  const ms = new Date(instant).getTime();
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from one calendar date (YYYY-MM-DD) to another; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time (HH:MM) on a Japanese calendar date, as UTC ISO. */
export function jstInstant(date: string, time = '00:00'): string {
  const ms = Date.parse(`${date}T${time}:00Z`) - JST_OFFSET_MS;
  return new Date(ms).toISOString();
}

/** Start of the day after `date` in Japan: the exclusive end of "by the end of date". */
export function endOfJstDay(date: string): string {
  return jstInstant(addDays(date, 1));
}
