import { jstWallClock } from '../machines/time.js';

/**
 * The event as sent: a file that leaves `occurredAt` out is dated now (Japan time, to the second),
 * so the README's example is today's admission and its first mail is the admission notice, not an
 * overdue reminder. A file that gives `occurredAt` is sent byte for byte as written.
 */
export function withOccurredAt(text: string, now: Date): string {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event) || 'occurredAt' in event) return text;
  const occurredAt = `${jstWallClock(now).slice(0, 19)}+09:00`;
  const { type, hospitalizationId, ...rest } = event as Record<string, unknown>;
  return JSON.stringify({ type, hospitalizationId, occurredAt, ...rest }, null, 2);
}
