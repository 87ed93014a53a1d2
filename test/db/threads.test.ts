import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, isConstraintViolation, isDatabaseBusy, openDatabase } from '../../db/client.js';
import type { LibsqlDatabase } from '../../db/database.js';
import { careOffices, hospitals } from '../../db/schema.js';
import { readConfig } from '../../engine/config.js';
import { upsertCareOffice } from '../../engine/directory/index.js';
import { silentLogger } from '../../engine/log.js';
import { type NodeDeps, startEngine } from '../../functions/runtime.js';

// The database threads (db/threads): a local file's atomic batches are committed on a thread of
// their own, so the sync to disk — and a wait for another process's lock — never blocks the event
// loop that answers HTTP; its batches of SELECTs are answered on another. Every answered commit
// must still be durable, atomic and visible at once, and a read batch must look as the client's.

describe("the local database's writes on a thread of their own", () => {
  let dir: string;
  let url: string;
  let database: LibsqlDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-wt-'));
    url = `file:${join(dir, 'w.db')}`;
    database = await openDatabase(url, undefined, 800);
    await database.client.execute('CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB, b INTEGER, n INTEGER)');
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  const count = async () => Number((await database.client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n);

  it('the thread is on by default for a file, with the same settings as every connection: WAL, synchronous FULL, busy_timeout', async () => {
    expect(database.writeThread).toBeDefined();
    await expect(database.writeThread!.settings()).resolves.toEqual({
      journalMode: 'wal',
      synchronous: 2,
      busyTimeoutMs: 800,
      foreignKeys: 1,
      // 32 MB: with SQLite's 2 MB default the console's aggregates ran 2–3× slower on a thread
      cacheKiB: 32 * 1024,
    });
    const plain = await openDatabase(`file:${join(dir, 'plain.db')}`, undefined, BUSY_TIMEOUT_MS, {
      writeThread: false,
    });
    expect(plain.writeThread).toBeUndefined();
    plain.close();
  });

  it('an answered commit is seen at once by the reads of this thread, with its values bound as the client binds them', async () => {
    await database.commit([
      { sql: 'INSERT INTO t (k, v, b, n) VALUES (?, ?, ?, ?)', args: ['a', new Uint8Array([1, 2, 3]), true, 7n] },
      { sql: 'INSERT INTO t (k, v, b, n) VALUES (?, ?, ?, ?)', args: ['b', null, false, 2] },
    ]);
    const rows = (await database.client.execute('SELECT k, hex(v) AS v, b, n FROM t ORDER BY k')).rows;
    expect(rows.map((r) => [r.k, r.v, r.b, r.n])).toEqual([
      ['a', '010203', 1, 7],
      ['b', '', 0, 2],
    ]);
  });

  it('a batch is one transaction: a constraint violation in its last statement writes nothing of it, and says so as a constraint violation', async () => {
    const before = await count();
    const failed = await database
      .commit([
        { sql: 'INSERT INTO t (k) VALUES (?)', args: ['c'] },
        { sql: 'INSERT INTO t (k) VALUES (?)', args: ['a'] },
      ])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isConstraintViolation(failed)).toBe(true);
    expect(await count()).toBe(before);
    // and the thread goes on: the same statement that failed is prepared anew and works
    await database.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: ['c'] }]);
    expect(await count()).toBe(before + 1);
  });

  it('while another connection holds the write lock, the commit waits on its thread and this event loop keeps running', async () => {
    const other = createClient({ url });
    const tx = await other.transaction('write');
    await tx.execute("INSERT INTO t (k) VALUES ('held')");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const committed = database.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: ['waited'] }]);
    // The lock is released by a timer of THIS event loop: were the commit waiting on it, the timer could not fire.
    await new Promise((r) => setTimeout(r, 200));
    const ticksWhileWaiting = ticks;
    await tx.commit();
    await committed;
    clearInterval(ticker);
    other.close();
    expect(ticksWhileWaiting).toBeGreaterThanOrEqual(5);
    const keys = (await database.client.execute("SELECT k FROM t WHERE k IN ('held', 'waited') ORDER BY k")).rows;
    expect(keys.map((r) => r.k)).toEqual(['held', 'waited']);
  });

  it('a lock held past busy_timeout is a busy error (the API answers 503), and the next commit works', async () => {
    const other = createClient({ url });
    const tx = await other.transaction('write');
    const failed = await database.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: ['late'] }]).then(
      () => null,
      (e: unknown) => e,
    );
    await tx.rollback();
    other.close();
    expect(isDatabaseBusy(failed)).toBe(true);
    await database.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: ['late'] }]);
    expect((await database.client.execute("SELECT count(*) AS n FROM t WHERE k = 'late'")).rows[0]!.n).toBe(1);
  });

  it('closing waits for the commits already sent: what a caller was promised is on disk', async () => {
    const path = join(dir, 'close.db');
    const db = await openDatabase(`file:${path}`);
    await db.client.execute('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const sent = Array.from({ length: 50 }, (_, i) =>
      db.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: [`k${i}`] }]),
    );
    db.close();
    await Promise.all(sent);
    const again = createClient({ url: `file:${path}` });
    // the thread has ended by the time its last commit is answered or shortly after; the rows are there either way
    expect(Number((await again.execute('SELECT count(*) AS n FROM t')).rows[0]!.n)).toBe(50);
    again.close();
  });
});

describe("the event's read batch on a thread of its own", () => {
  let dir: string;
  let deps: NodeDeps;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-rt-'));
    deps = await startEngine(
      readConfig({ DATABASE_URL: `file:${join(dir, 'r.db')}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) }),
      { log: silentLogger },
    );
    await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the engine reads its batches on the read thread by default, with the same settings', async () => {
    expect(deps.database.readThread).toBeDefined();
    await expect(deps.database.readThread!.settings()).resolves.toMatchObject({
      journalMode: 'wal',
      synchronous: 2,
      cacheKiB: 32 * 1024,
    });
    const { db } = deps.database;
    const answered = db.batch([db.select().from(hospitals)]);
    expect(deps.database.readThread!.pending).toBe(1);
    await answered;
  });

  it('a batch read on the thread gives exactly what the same queries give one by one on this thread (columns, JSON, booleans, nulls)', async () => {
    const { db } = deps.database;
    const [h, o, relational] = await db.batch([
      db.select().from(hospitals),
      db.select().from(careOffices),
      db.query.hospitals.findMany(),
    ]);
    expect(h.length).toBeGreaterThan(0);
    expect(h).toEqual(await db.select().from(hospitals).all());
    expect(o).toEqual(await db.select().from(careOffices).all());
    expect(relational).toEqual(await db.query.hospitals.findMany());
  });

  it('a commit answered on the write thread is seen by the very next read batch on the read thread', async () => {
    const { db } = deps.database;
    for (let i = 1; i <= 100; i++) {
      await deps.database.commit([
        {
          sql: 'INSERT INTO care_offices (id, region_id, name, updated_at) VALUES (?, ?, ?, ?)',
          args: [`sanda-rt-${i}`, 'sanda', `居宅${i}`, Date.now()],
        },
      ]);
      const [rows] = await db.batch([db.select({ id: careOffices.id }).from(careOffices)]);
      expect(rows.filter((r) => r.id.startsWith('sanda-rt-')).length, `after commit ${i}`).toBe(i);
    }
  });
});
