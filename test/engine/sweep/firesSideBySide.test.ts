import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, timers } from '../../../db/schema.js';
import { type GroupCommitter, type HospitalEventInput, recordHospitalEvent } from '../../../engine/cases/index.js';
import { readConfig } from '../../../engine/config.js';
import { upsertCareOffice } from '../../../engine/directory/index.js';
import { silentLogger } from '../../../engine/log.js';
import { fireDueTimers } from '../../../engine/sweep/index.js';
import { type NodeDeps, startEngine } from '../../../functions/runtime.js';
import { testClock } from '../../support/server.js';

// The sweep fires the due timers of different cases side by side, so that their commits share a
// sync (group commit); a case's own timers still fire one after another, in due order.

const ADMITTED = '2026-12-04T10:00:00+09:00';
const STAYS = 24;

describe("the sweep fires different cases' timers side by side, each case's in due order", () => {
  let dir: string;
  let deps: NodeDeps;
  const clock = testClock(ADMITTED);
  const caseIds: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-sweep-'));
    deps = await startEngine(
      readConfig({
        DATABASE_URL: `file:${join(dir, 'sweep.db')}`,
        RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
        MORNING_SUMMARY_HOUR: 'off',
      }),
      { log: silentLogger, now: clock.now },
    );
    await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
    for (let i = 0; i < STAYS; i++) {
      const r = await recordHospitalEvent(deps, 'sanda-shimin', `w-${i}`, {
        type: 'admitted',
        hospitalizationId: `E-side-${i}`,
        occurredAt: ADMITTED,
        data: {
          patient: { name: '山田 花子', birthDate: '1941-05-02' },
          ward: '4階東',
          careOfficeId: 'sanda-kyotaku-01',
        },
      } as HospitalEventInput);
      if (r.kind !== 'accepted') throw new Error(`admission ${i}: ${r.kind}`);
      caseIds.push(r.caseId);
    }
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a week later every case's reminder, deadline and escalation fire once, in due order, sharing commits", async () => {
    const committer = deps.commitEvent as GroupCommitter;
    expect(committer.stats).toBeDefined();
    const before = { ...committer.stats };
    clock.set('2026-12-11T10:00:00+09:00');
    const { db } = deps.database;
    const due = await db.select().from(timers).where(eq(timers.status, 'pending'));
    const counts = await fireDueTimers(deps, clock.now(), 1000);
    expect(counts.fired + counts.skipped).toBe(due.filter((t) => t.dueAt <= clock.now().getTime()).length);
    expect(counts.fired).toBeGreaterThanOrEqual(STAYS * 2);
    const events = committer.stats.events - before.events;
    const groups = committer.stats.groups - before.groups;
    expect(events).toBe(counts.fired);
    // One after another, each firing would be its own transaction (groups === events).
    expect(groups).toBeLessThan(events);
    expect(committer.stats.largest).toBeGreaterThan(1);
    // Each case's timer events are logged in the order their timers were due.
    for (const caseId of caseIds) {
      const fired = await db
        .select({ seq: caseEvents.seq, data: caseEvents.data })
        .from(caseEvents)
        .where(eq(caseEvents.caseId, caseId))
        .orderBy(asc(caseEvents.seq));
      const dueAtOf = new Map(due.map((t) => [t.id, t.dueAt]));
      const order = fired
        .map((e) => (e.data as { timerId?: string } | null)?.timerId)
        .filter((id): id is string => typeof id === 'string')
        .map((id) => dueAtOf.get(id)!);
      expect(order.length).toBeGreaterThan(0);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});
