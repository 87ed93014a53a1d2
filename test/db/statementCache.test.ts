import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import type { LibsqlDatabase } from '../../db/database.js';

/**
 * Prepared statements are kept per connection (db/statementCache.ts). What must still hold: a kept
 * read sees every later commit (no statement holds an old snapshot), and a statement that failed
 * does not stop the next transaction of its connection from committing.
 */
describe('kept prepared statements on a local file', () => {
  let dir: string;
  let a: LibsqlDatabase;
  let b: LibsqlDatabase;
  const count = async (db: LibsqlDatabase) =>
    Number((await db.client.execute('SELECT count(*) AS n FROM items')).rows[0]!.n);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-stmt-'));
    const url = `file:${join(dir, 's.db')}`;
    a = await openDatabase(url);
    b = await openDatabase(url);
    await a.client.execute('CREATE TABLE items (id TEXT PRIMARY KEY)');
  });
  afterAll(async () => {
    a.close();
    b.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the same read, run again, sees another connection's commit each time", async () => {
    for (let i = 1; i <= 3; i++) {
      await b.client.batch([{ sql: 'INSERT INTO items (id) VALUES (?)', args: [`b-${i}`] }], 'write');
      expect(await count(a)).toBe(i);
    }
  });

  it('after a statement fails on a constraint, the same statement and the next batch still commit', async () => {
    const insert = (id: string) => a.client.batch([{ sql: 'INSERT INTO items (id) VALUES (?)', args: [id] }], 'write');
    await expect(insert('b-1')).rejects.toThrow(/UNIQUE|CONSTRAINT/);
    await insert('a-1');
    await a.client.batch(
      [
        { sql: 'INSERT INTO items (id) VALUES (?)', args: ['a-2'] },
        { sql: 'INSERT INTO items (id) VALUES (?)', args: ['a-3'] },
      ],
      'write',
    );
    expect(await count(b)).toBe(6);
  });
});
