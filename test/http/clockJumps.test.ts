import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, deliveryAttempts, outbox, timers } from '../../db/schema.js';
import { DAY_MS as DAY } from '../../machines/time.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

const START = '2026-12-04T11:00:00+09:00';
const at = (days: number) => new Date(Date.parse(START) + days * DAY).toISOString();

/** The server's own clock jumps (an NTP step, a VM restored from a snapshot); sweeps run on it. */
describe('clock jumps: overdue timers fire once each and in order, nothing fires twice, no lease outlives a jump back', () => {
  let s: TestServer;
  let caseId: string;
  const db = () => s.running.deps.database.db;

  beforeAll(async () => {
    // The service's own clock only: a drill's `now` (RENKEI_TEST_CLOCK=1) runs ahead on purpose.
    s = await startTestServer({ start: START, env: { RENKEI_TEST_CLOCK: '0' } });
    await registerCareOffice(s);
    ({ caseId } = (await (await s.sendEvent('sanda-aino', admittedEvent('E-jump'))).json()) as { caseId: string });
    await s.running.idle();
  });
  afterAll(async () => {
    await s.close();
  });

  const sweepNow = async () => {
    const counts = await s.sweep();
    await s.running.idle();
    return counts as { timersFired: number; timersSkipped: number; noticesSent: number };
  };
  const caseTimers = () => db().select().from(timers).where(eq(timers.caseId, caseId)).orderBy(asc(timers.dueAt));

  it('a jump forward of 20 days fires every overdue timer once, in due order; the reminder it made obsolete is skipped', async () => {
    const before = await caseTimers();
    expect(before.filter((t) => t.status === 'pending').length).toBeGreaterThanOrEqual(3);
    s.clock.set(at(20));
    const first = await sweepNow();
    expect(first.timersFired).toBeGreaterThan(0);
    const after = await caseTimers();
    expect(after.filter((t) => t.status === 'pending' && t.dueAt <= Date.parse(at(20)))).toEqual([]);
    // A reminder "the deadline is near" that would arrive after the deadline says nothing useful.
    expect(after.filter((t) => t.kind === 'remind').map((t) => t.status)).toEqual(
      after.filter((t) => t.kind === 'remind').map(() => 'skipped'),
    );
    expect(after.filter((t) => t.kind === 'due').every((t) => t.status === 'fired')).toBe(true);
    // In due order: the events the timers recorded follow their due times.
    const fired = await db()
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.source, 'timer')))
      .orderBy(asc(caseEvents.seq));
    const occurred = fired.map((e) => Date.parse(e.occurredAt));
    expect(occurred).toEqual([...occurred].sort((a, b) => a - b));
    expect(fired.map((e) => e.type)).toContain('deadline_passed');

    const again = await sweepNow();
    expect(again.timersFired + again.timersSkipped).toBe(0);
  });

  it('a jump back of 10 days fires nothing again and sends nothing twice', async () => {
    const mailsBefore = s.smtp!.mails.length;
    s.clock.set(at(10));
    const counts = await sweepNow();
    expect(counts.timersFired + counts.timersSkipped + counts.noticesSent).toBe(0);
    s.clock.set(at(21));
    await sweepNow();
    expect(s.smtp!.mails.length).toBe(mailsBefore);
    const ids = s.smtp!.mails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const timerEvents = await db()
      .select({ key: caseEvents.dedupeKey })
      .from(caseEvents)
      .where(eq(caseEvents.source, 'timer'));
    expect(new Set(timerEvents.map((e) => e.key)).size).toBe(timerEvents.length);
  });

  it('a retry planned before the clock went back is not postponed by the size of the jump', async () => {
    s.clock.set(at(30));
    await s.smtp!.stop();
    const { caseId: other } = (await (
      await s.sendEvent('sanda-aino', admittedEvent('E-jump-retry', { occurredAt: at(30) }))
    ).json()) as { caseId: string };
    await s.running.idle();
    const [notice] = await db().select().from(outbox).where(eq(outbox.caseId, other));
    expect(notice).toMatchObject({ status: 'pending', attempts: 1 });
    expect(notice!.nextAttemptAt).toBeGreaterThan(Date.parse(at(30)));
    await s.smtp!.restart();
    s.clock.set(at(25));
    const counts = await sweepNow();
    expect(counts.noticesSent).toBe(1);
    const attempts = await db()
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.outboxId, notice!.id))
      .orderBy(asc(deliveryAttempts.id));
    expect(attempts.map((a) => a.status)).toEqual(['failed', 'sent']);
  });

  it('a lease taken before the clock went back does not hold its timer or notice until the clock catches up', async () => {
    s.clock.set(at(40));
    const { caseId: other } = (await (
      await s.sendEvent('sanda-aino', admittedEvent('E-jump-lease', { occurredAt: at(40) }))
    ).json()) as { caseId: string };
    await s.running.idle();
    // What a process killed mid-sweep at day 60 leaves behind: its claims, 1 and 5 minutes past day 60.
    const pending = (await db().select().from(timers).where(eq(timers.caseId, other))).filter(
      (t) => t.status === 'pending',
    );
    expect(pending.length).toBeGreaterThan(0);
    await db()
      .update(timers)
      .set({ claimedUntil: Date.parse(at(60)) + 60_000 })
      .where(eq(timers.caseId, other));
    await s.smtp!.stop();
    s.clock.set(at(40.5));
    await s.sendEvent('sanda-aino', {
      type: 'discharge_planning_started',
      hospitalizationId: 'E-jump-lease',
      occurredAt: at(40.5),
      data: { expectedDischargeDate: '2027-01-31' },
    });
    await s.running.idle();
    await s.smtp!.restart();
    const stranded = (await db().select().from(outbox).where(eq(outbox.caseId, other))).filter(
      (n) => n.status === 'pending',
    );
    expect(stranded.length).toBeGreaterThan(0);
    await db()
      .update(outbox)
      .set({ claimedUntil: Date.parse(at(60)) + 300_000 })
      .where(eq(outbox.caseId, other));
    // The clock is back at day 50: both leases end ten days ahead, longer than any lease is granted.
    s.clock.set(at(50));
    const counts = await sweepNow();
    expect(counts.timersFired).toBeGreaterThan(0);
    expect(counts.noticesSent).toBeGreaterThanOrEqual(stranded.length);
    expect(
      (await db().select().from(timers).where(eq(timers.caseId, other))).filter(
        (t) => t.status === 'pending' && t.dueAt <= Date.parse(at(50)),
      ),
    ).toEqual([]);
    expect(
      (await db().select().from(outbox).where(eq(outbox.caseId, other))).filter((n) => n.status === 'pending'),
    ).toEqual([]);
  });
});
