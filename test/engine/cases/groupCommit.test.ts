import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibsqlDatabase as Database, isConstraintViolation } from '../../../db/database.js';
import { caseEvents, cases } from '../../../db/schema.js';
import {
  type GroupCommitter,
  groupCommit,
  type HospitalEventInput,
  recordHospitalEvent,
} from '../../../engine/cases/index.js';
import { readConfig } from '../../../engine/config.js';
import type { Deps } from '../../../engine/deps.js';
import { upsertCareOffice } from '../../../engine/directory/index.js';
import { silentLogger } from '../../../engine/log.js';
import { startEngine } from '../../../functions/runtime.js';
import {
  admittedEvent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  testClock,
} from '../../support/server.js';
import { tempDatabase } from '../../support/tempDatabase.js';

describe('group commit: one transaction for events that arrive together, each answered on its own', () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let database: Database;
  beforeAll(async () => {
    temp = await tempDatabase('CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    database = temp.database;
  });
  afterAll(async () => {
    await temp.close();
  });

  const insert = (id: string, n = 1) => ({ sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: [id, n] });
  const ids = async () =>
    (await database.client.execute('SELECT id FROM items ORDER BY id')).rows.map((r) => String(r.id));

  it('writes arriving together share one transaction and every caller is answered after it', async () => {
    const committer = groupCommit((s) => database.commit(s));
    await Promise.all(Array.from({ length: 10 }, (_, i) => committer([insert(`a${i}`), insert(`a${i}-extra`)])));
    expect(committer.stats).toMatchObject({ groups: 1, events: 10, fallbacks: 0, largest: 10 });
    expect((await ids()).filter((id) => id.startsWith('a'))).toHaveLength(20);
  });

  it('a failing event does not fail the others: the group is committed again event by event', async () => {
    const committer = groupCommit((s) => database.commit(s));
    await committer([insert('taken')]);
    const outcomes = await Promise.allSettled([
      committer([insert('b1'), insert('b1-extra')]),
      committer([insert('b2'), insert('taken')]),
      committer([insert('b3')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isConstraintViolation((outcomes[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(committer.stats.fallbacks).toBe(1);
    // The failed event wrote nothing, not even its valid first statement; the others wrote once.
    const all = await ids();
    expect(all.filter((id) => id.startsWith('b'))).toEqual(['b1', 'b1-extra', 'b3']);
  });

  it('a lone failing event is refused with its own error and nothing is retried', async () => {
    const committer = groupCommit((s) => database.commit(s));
    await expect(committer([insert('taken')])).rejects.toSatisfy(isConstraintViolation);
    expect(committer.stats).toMatchObject({ groups: 1, fallbacks: 0 });
  });

  it('no group is larger than maxEvents; the rest follow in the next group', async () => {
    const committer = groupCommit((s) => database.commit(s), { maxEvents: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => committer([insert(`c${i}`)])));
    expect(committer.stats).toMatchObject({ groups: 3, events: 10, largest: 4 });
    expect((await ids()).filter((id) => id.startsWith('c'))).toHaveLength(10);
  });
  it('while held, writes wait for one another and go in one transaction once released', async () => {
    let held = true;
    const committer = groupCommit((s) => database.commit(s), { hold: () => held, maxWaitMs: 60_000 });
    let answered = 0;
    const first = committer([insert('h1')]).then(() => answered++);
    await new Promise((r) => setTimeout(r, 20));
    const second = committer([insert('h2')]).then(() => answered++);
    await new Promise((r) => setTimeout(r, 20));
    // Nothing is written, nobody answered, while the hold lasts.
    expect(answered).toBe(0);
    expect(committer.stats.groups).toBe(0);
    expect((await ids()).filter((id) => id.startsWith('h'))).toEqual([]);
    held = false;
    committer.release();
    await Promise.all([first, second]);
    expect(committer.stats).toMatchObject({ groups: 1, events: 2, largest: 2 });
    expect((await ids()).filter((id) => id.startsWith('h'))).toEqual(['h1', 'h2']);
  });

  it('a hold never keeps a write longer than maxWaitMs, nor a group larger than maxEvents', async () => {
    const waited = groupCommit((s) => database.commit(s), { hold: () => true, maxWaitMs: 30 });
    const t0 = performance.now();
    await waited([insert('w1')]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(waited.stats).toMatchObject({ groups: 1, events: 1 });
    const full = groupCommit((s) => database.commit(s), { hold: () => true, maxWaitMs: 60_000, maxEvents: 3 });
    await Promise.all([full([insert('m1')]), full([insert('m2')]), full([insert('m3')])]);
    expect(full.stats).toMatchObject({ groups: 1, events: 3, largest: 3 });
  });
});

describe('group commit in the engine: nothing lost, idempotency kept', () => {
  let dir: string;
  let deps: Deps;
  const hospital = 'sanda-shimin';
  const event = (encounter: string, type: string, occurredAt: string, data: unknown) =>
    ({ type, hospitalizationId: encounter, occurredAt, data }) as HospitalEventInput;
  const stats = () => (deps.commitEvent as GroupCommitter).stats;
  const caseOf = async (encounter: string) =>
    (await deps.database.db.select().from(cases).where(eq(cases.hospitalizationId, encounter)))[0]!;
  const eventsOf = async (caseId: string) =>
    deps.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-group-engine-'));
    const config = readConfig({
      DATABASE_URL: `file:${join(dir, 'e.db')}`,
      RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
      RENKEI_GROUP_COMMIT: '1',
    });
    deps = await startEngine(config, { log: silentLogger, now: testClock('2026-12-04T11:00:00+09:00').now });
    await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('group commit is on unless RENKEI_GROUP_COMMIT=0', () => {
    expect(readConfig({}).groupCommit).toBe(true);
    expect(readConfig({ RENKEI_GROUP_COMMIT: '0' }).groupCommit).toBe(false);
    expect(() => readConfig({ RENKEI_GROUP_COMMIT: 'yes' })).toThrow(/RENKEI_GROUP_COMMIT/);
  });

  it('RENKEI_GROUP_COMMIT=1 gives the engine a group committer', () => {
    expect(typeof deps.commitEvent).toBe('function');
    expect(stats()).toMatchObject({ groups: expect.any(Number) });
  });

  it('A① forty admissions at once open forty cases, sharing transactions', async () => {
    const before = { ...stats() };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordHospitalEvent(deps, hospital, `adm-${i}`, admittedEvent(`G-${i}`) as HospitalEventInput),
      ),
    );
    expect(results.map((r) => r.kind)).toEqual(Array(40).fill('accepted'));
    const after = stats();
    expect(after.events - before.events).toBe(40);
    expect(after.groups - before.groups).toBeLessThan(40);
    const rows = await deps.database.db.select().from(cases);
    expect(rows.filter((r) => r.hospitalizationId.startsWith('G-'))).toHaveLength(40);
  });

  it('events on forty cases at once: each case gets its event, in sequence, exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordHospitalEvent(
          deps,
          hospital,
          `plan-${i}`,
          event(`G-${i}`, 'discharge_planning_started', '2026-12-04T10:40:00+09:00', {
            expectedDischargeDate: '2026-12-20',
          }),
        ),
      ),
    );
    expect(results.map((r) => r.kind)).toEqual(Array(40).fill('accepted'));
    expect(new Set(results.map((r) => (r.kind === 'accepted' ? r.state : r.kind))).size).toBe(1);
    for (const i of [0, 17, 39]) {
      const row = await caseOf(`G-${i}`);
      expect(row.version).toBe(2);
      expect((await eventsOf(row.id)).map((e) => e.seq).sort()).toEqual([1, 2]);
    }
  });

  it('twenty events on one case at once are all applied, in sequence, taking turns (no group fails on the lock)', async () => {
    const before = { ...stats() };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordHospitalEvent(
          deps,
          hospital,
          `conf-${i}`,
          event('G-0', 'conference_scheduled', '2026-12-04T10:50:00+09:00', {
            at: '2026-12-10T14:00:00+09:00',
            online: true,
          }),
        ),
      ),
    );
    expect(results.every((r) => r.kind === 'accepted')).toBe(true);
    const row = await caseOf('G-0');
    expect(row.version).toBe(22);
    expect((row.snapshot as { context: { conferences: unknown[] } }).context.conferences).toHaveLength(20);
    expect((await eventsOf(row.id)).map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 22 }, (_, i) => i + 1),
    );
    expect(stats().fallbacks - before.fallbacks).toBe(0);
  });

  it('two hundred events on one case at once are all accepted, as without group commit: events of one case never meet in a group', async () => {
    const before = { ...stats() };
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        recordHospitalEvent(
          deps,
          hospital,
          `crowd-${i}`,
          event('G-2', 'conference_scheduled', '2026-12-04T10:52:00+09:00', {
            at: '2026-12-12T14:00:00+09:00',
            online: true,
          }),
        ),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.map((r) => String((r as PromiseRejectedResult).reason)).slice(0, 1)).toEqual([]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'accepted')).toHaveLength(200);
    const row = await caseOf('G-2');
    expect(row.version).toBe(202);
    expect((await eventsOf(row.id)).map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 202 }, (_, i) => i + 1),
    );
    // No group ever held two events of this case, so no group failed on its optimistic lock.
    expect(stats().fallbacks - before.fallbacks).toBe(0);
  }, 120_000);

  it('A① one stay admitted two hundred times at once (different webhook-ids): one case, every other refused as already admitted, none fails', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        recordHospitalEvent(deps, hospital, `twice-${i}`, admittedEvent('G-twice') as HospitalEventInput),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const kinds = results.map((r) => (r as PromiseFulfilledResult<{ kind: string }>).value.kind);
    expect(kinds.filter((k) => k === 'accepted')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'rejected')).toHaveLength(199);
    const row = await caseOf('G-twice');
    expect(row.version).toBe(200);
  }, 120_000);

  it('one webhook delivered ten times at once is recorded once; the other nine get its answer', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        recordHospitalEvent(
          deps,
          hospital,
          'dup-1',
          event('G-1', 'conference_scheduled', '2026-12-04T10:55:00+09:00', {
            at: '2026-12-11T14:00:00+09:00',
            online: false,
          }),
        ),
      ),
    );
    expect(results.every((r) => r.kind === 'accepted')).toBe(true);
    expect(results.filter((r) => r.kind === 'accepted' && !r.replayed)).toHaveLength(1);
    const row = await caseOf('G-1');
    const logged = (await eventsOf(row.id)).filter((e) => e.dedupeKey === `wh:${hospital}:dup-1`);
    expect(logged).toHaveLength(1);
    expect(row.version).toBe(3);
  });
});

describe('group commit over HTTP (RENKEI_GROUP_COMMIT=1)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, env: { RENKEI_GROUP_COMMIT: '1' } });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('signed admissions and follow-ups posted at once are all answered 202 and all recorded', async () => {
    const admitted = await Promise.all(
      Array.from({ length: 16 }, (_, i) => s.sendEvent('sanda-nishi', admittedEvent(`H-${i}`))),
    );
    expect(admitted.map((r) => r.status)).toEqual(Array(16).fill(202));
    const followed = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        s.sendEvent('sanda-nishi', {
          type: 'discharge_difficulty_screened',
          hospitalizationId: `H-${i}`,
          occurredAt: '2026-12-04T10:45:00+09:00',
          data: { difficult: true },
        }),
      ),
    );
    expect(followed.map((r) => r.status)).toEqual(Array(16).fill(202));
    const list = (await (await s.admin('/v1/admin/hospitalizations?hospitalId=sanda-nishi')).json()) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(16);
    const rows = await s.running.deps.database.db.select().from(caseEvents);
    expect(rows.filter((r) => r.type === 'discharge_difficulty_screened')).toHaveLength(16);
  });
});
