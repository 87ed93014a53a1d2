// Time constants and the Japan-time helpers every layer shares. Pure (no I/O, no clock), so engine,
// functions, notifiers, scripts and tests can all import it without pulling anything else in.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** JST is UTC+9 all year (no daylight saving), so a fixed offset is exact. */
export const JST_OFFSET_MS = 9 * HOUR_MS;

/**
 * How far past our clock a reported time may lie before we refuse it as "in the future": a
 * hospital's or a care manager's clock may run a few minutes ahead of ours.
 */
export const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * An instant as an ISO string whose digits read as the wall clock in Japan ("2026-12-04T10:30:00.000Z"
 * for 10:30 JST). The trailing Z is then not UTC: slice the digits, never parse the result again.
 */
export function jstWallClock(instant: string | number | Date): string {
  return new Date(new Date(instant).getTime() + JST_OFFSET_MS).toISOString();
}

/** Short month/day without zero padding ("12/6") from a YYYY-MM-DD date (or any string starting with one). */
export function md(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/** Now as a form's `datetime-local` value in Japan ("2026-12-04T10:30"): the default a person edits. */
export function jstLocalMinute(now: Date): string {
  return jstWallClock(now).slice(0, 16);
}
