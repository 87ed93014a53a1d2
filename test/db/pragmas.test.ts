import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, migrateDatabase, openDatabase, verifyPragmas } from '../../db/client.js';

describe('embedded libSQL connection settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-pragma-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('WAL, synchronous FULL and busy_timeout hold after opening and migrating', async () => {
    const database = await openDatabase(`file:${join(dir, 'a.db')}`);
    await migrateDatabase(database);
    await expect(verifyPragmas(database.client)).resolves.toBeUndefined();
    const rs = await database.client.execute('PRAGMA busy_timeout');
    expect(Number(Object.values(rs.rows[0]!)[0])).toBe(BUSY_TIMEOUT_MS);
    database.close();
  });

  it('they still hold after an interactive transaction (which borrows a connection) is rolled back', async () => {
    const database = await openDatabase(`file:${join(dir, 'b.db')}`);
    const tx = await database.client.transaction('write');
    try {
      await tx.execute('CREATE TABLE t (x)');
    } finally {
      await tx.rollback();
      tx.close();
    }
    await expect(verifyPragmas(database.client)).resolves.toBeUndefined();
    database.close();
  });

  it('a connection opened without our settings is detected, not trusted', async () => {
    const path = join(dir, 'c.db');
    (await openDatabase(`file:${path}`)).close();
    const bare = createClient({ url: `file:${path}` });
    await expect(verifyPragmas(bare)).rejects.toThrow(/busy_timeout is 0/);
    bare.close();
  });
});
