const TS = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})?(\d{2})?(?:\.\d{1,4})?)?([+-]\d{4})?$/;

/**
 * An HL7 TS/DTM (YYYYMMDD[HHMM[SS[.S]]][+ZZZZ]) as an ISO 8601 instant with its offset; Japan's
 * time (+09:00) unless the value names a zone. Null when it is not a real date and time.
 */
export function hl7Instant(value: string): string | null {
  const m = TS.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const offset = zone ? `${zone.slice(0, 3)}:${zone.slice(3)}` : '+09:00';
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  if (!hl7Date(`${y}${mo}${d}`) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** An HL7 DT (YYYYMMDD, or a TS whose date part is taken) as YYYY-MM-DD; null when not a real date. */
export function hl7Date(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = `${y}-${mo}-${d}`;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date ? date : null;
}
