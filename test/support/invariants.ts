import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { caseEvents, timers } from '../../db/schema.js';

/**
 * No timer lost or fired twice: the fired timers and the timer events are the same set (each event's
 * idempotency key is `timer:{id}`). Returns both, sorted, for the test to compare and count.
 */
export async function firedTimersAndTheirEvents(database: Database): Promise<{ fired: string[]; events: string[] }> {
  const [all, events] = await database.db.batch([
    database.db.select({ id: timers.id, status: timers.status }).from(timers),
    database.db.select({ key: caseEvents.dedupeKey }).from(caseEvents).where(eq(caseEvents.source, 'timer')),
  ]);
  return {
    fired: all
      .filter((t) => t.status === 'fired')
      .map((t) => `timer:${t.id}`)
      .sort(),
    events: events.map((e) => e.key!).sort(),
  };
}
