import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { careOffices, outbox } from '../../db/schema.js';
import { jstDate, jstInstant } from '../../machines/calendar.js';
import { HOUR_MS } from '../../machines/time.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { queueNotice } from '../queueNotice.js';
import { commitWithDayClaim, dayClaimed } from './dailyClaim.js';

// A care office in digest mode gets its routine notices as one mail a day (issue 16 item 3): the
// dispatch holds them (engine/notices/outbox.ts, the split in notifiers/noticeTiming.ts), and from
// the office's digest hour the first sweep of the day queues one `office_digest` naming every notice
// held before that hour, claiming the office's day in the same batch (dailyClaim.ts). A notice held
// after the hour waits for the next day's digest: one mail a day, never a second one in the evening.
//
// The deadlines stay the rule's: the information sheet is due within the region's days counted from
// the admission day (入院日を1日目として), which is also how 入院時情報連携加算 counts, so renkei does not
// move it to when the digest arrived; a held notice is at most one day late, and the digest shows
// each deadline with the days left. What the case records as delivered (a discharge-start notice) is
// recorded when the digest is actually sent, not when the notice was held.

export const officeDigestJob = (officeId: string) => `office_digest:${officeId}`;

/** Queues the day's digest of every digest office past its hour that has held notices; returns how many. */
export async function queueOfficeDigests(deps: Deps, now: Date): Promise<number> {
  const { db } = deps.database;
  const t = now.getTime();
  const day = jstDate(now);
  await releaseRealtimeOffices(deps, t);
  const offices = await db
    .select({ id: careOffices.id, digestHour: careOffices.digestHour })
    .from(careOffices)
    .where(eq(careOffices.notificationMode, 'digest'));
  let queued = 0;
  for (const office of offices) {
    const from = Date.parse(jstInstant(day)) + office.digestHour * HOUR_MS;
    if (t < from) continue;
    const job = officeDigestJob(office.id);
    if (await dayClaimed(deps, job, day)) continue;
    const held = await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'held'),
          eq(outbox.recipientKind, 'care_office'),
          eq(outbox.recipientId, office.id),
          isNull(outbox.digestId),
          lt(outbox.createdAt, from),
        ),
      );
    // Nothing held: no mail, and the day stays open for nothing.
    if (held.length === 0) continue;
    const id = newId('ntc');
    const statements = [
      queueNotice(db, {
        id,
        caseId: null,
        notice: 'office_digest',
        route: 'email',
        recipientKind: 'care_office',
        recipientId: office.id,
        idempotencyKey: `digest:${day}:${office.id}`,
        at: t,
      }),
      db
        .update(outbox)
        .set({ digestId: id })
        .where(
          and(
            inArray(
              outbox.id,
              held.map((h) => h.id),
            ),
            isNull(outbox.digestId),
          ),
        ),
    ];
    if (await commitWithDayClaim(deps, job, day, t, statements)) queued++;
  }
  if (queued > 0) deps.afterCommit?.();
  return queued;
}

/**
 * An office that went back to notices at once (on its page, or in the directory) gets what was
 * waiting for its digest now, on its own.
 */
async function releaseRealtimeOffices(deps: Deps, t: number): Promise<void> {
  const { db } = deps.database;
  await db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: t })
    .where(
      and(
        eq(outbox.status, 'held'),
        isNull(outbox.digestId),
        eq(outbox.recipientKind, 'care_office'),
        inArray(
          outbox.recipientId,
          db.select({ id: careOffices.id }).from(careOffices).where(eq(careOffices.notificationMode, 'realtime')),
        ),
      ),
    );
}
