// Day arithmetic in Japan Standard Time. JST has no daylight saving, so a fixed
// +09:00 offset is exact; the business calendar (holidays, office hours) builds on this.
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Calendar date (YYYY-MM-DD) in Japan of an instant. */
export function jstDate(instant: string | Date): string {
  const ms = new Date(instant).getTime();
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
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
