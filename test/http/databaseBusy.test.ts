import { join } from 'node:path';
import { type Client, createClient, type Transaction } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, timers } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

/**
 * Another process holding the write lock past busy_timeout: a second libSQL client on the same
 * file doing BEGIN IMMEDIATE, as a long migration, a backup tool or a stuck process would.
 */
describe('a database locked by another writer: 503 with Retry-After, nothing half-written, the retry succeeds once', () => {
  let s: TestServer;
  let other: Client;
  const lock = async (): Promise<Transaction> => other.transaction('write');

  beforeAll(async () => {
    s = await startTestServer({ env: { DATABASE_BUSY_TIMEOUT_MS: '150', WEBHOOK_RATE_PER_MINUTE: '0' } });
    await registerCareOffice(s);
    await s.secretFor('sanda-shimin');
    other = createClient({ url: `file:${join(s.dir, 'renkei.db')}` });
  });
  afterAll(async () => {
    other.close();
    await s.close();
  });

  const eventsWithKey = async (key: string) =>
    s.running.deps.database.db.select().from(caseEvents).where(eq(caseEvents.dedupeKey, key));

  it('a webhook arriving while the lock is held gets 503 problem+json with Retry-After, and no row of it is written', async () => {
    const held = await lock();
    let res: Response;
    try {
      res = await s.sendEvent('sanda-shimin', admittedEvent('E-busy-1'), { id: 'msg-busy-1' });
    } finally {
      await held.rollback();
    }
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ type: 'urn:renkei:problem:database-busy', status: 503 });
    expect(
      await s.running.deps.database.db.select().from(cases).where(eq(cases.hospitalizationId, 'E-busy-1')),
    ).toEqual([]);
    expect(await eventsWithKey('wh:sanda-shimin:msg-busy-1')).toEqual([]);
  });

  it("the hospital's retry with the same webhook-id gets 202 and the event is in the log exactly once", async () => {
    const res = await s.sendEvent('sanda-shimin', admittedEvent('E-busy-1'), { id: 'msg-busy-1' });
    expect(res.status).toBe(202);
    const again = await s.sendEvent('sanda-shimin', admittedEvent('E-busy-1'), { id: 'msg-busy-1' });
    expect(again.status).toBe(202);
    expect(await eventsWithKey('wh:sanda-shimin:msg-busy-1')).toHaveLength(1);
  });

  it('a lock taken and released again and again never leaves the service unable to write', async () => {
    for (let i = 0; i < 3; i++) {
      const held = await lock();
      const refused = await s
        .sendEvent('sanda-shimin', admittedEvent(`E-busy-loop-${i}`), { id: `msg-busy-loop-${i}` })
        .finally(() => held.rollback());
      expect(refused.status).toBe(503);
      expect(
        (await s.sendEvent('sanda-shimin', admittedEvent(`E-busy-loop-${i}`), { id: `msg-busy-loop-${i}` })).status,
      ).toBe(202);
    }
  });

  it('a sweep under the lock reports 503; the next sweep fires each due timer once, none lost', async () => {
    const later = '2026-12-10T12:00:00+09:00';
    const due = async () =>
      (await s.running.deps.database.db.select().from(timers)).filter(
        (t) => t.status === 'pending' && t.dueAt <= Date.parse(later),
      );
    const dueBefore = await due();
    expect(dueBefore.length).toBeGreaterThan(0);
    const held = await lock();
    const refused = await s
      .admin('/v1/scheduled', { method: 'POST', body: { now: later } })
      .finally(() => held.rollback());
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect((await due()).map((t) => t.id).sort()).toEqual(dueBefore.map((t) => t.id).sort());

    const swept = await s.sweep(later);
    expect((swept.timersFired as number) + (swept.timersSkipped as number)).toBe(dueBefore.length);
    expect(await due()).toEqual([]);
    await s.sweep(later);
    const timerEvents = await s.running.deps.database.db
      .select({ key: caseEvents.dedupeKey })
      .from(caseEvents)
      .where(eq(caseEvents.source, 'timer'));
    const fired = (await s.running.deps.database.db.select().from(timers)).filter((t) => t.status === 'fired');
    expect(timerEvents.map((e) => e.key).sort()).toEqual(fired.map((t) => `timer:${t.id}`).sort());
  });
});
