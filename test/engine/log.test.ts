import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import type { LibsqlDatabase } from '../../db/database.js';
import { loggableMessage } from '../../engine/log.js';

describe('no personal data in logs: a failed query is logged without the values it carried', () => {
  let dir: string;
  let database: LibsqlDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-log-'));
    database = await openDatabase(`file:${join(dir, 'l.db')}`);
    await database.client.execute('CREATE TABLE people (name TEXT NOT NULL UNIQUE)');
  });
  afterAll(async () => {
    database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the SQL and the driver message, drops the parameters', async () => {
    const name = '秘密 花子';
    await database.db.run(sql`INSERT INTO people (name) VALUES (${name})`);
    const err = await database.db.run(sql`INSERT INTO people (name) VALUES (${name})`).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(name);
    const logged = loggableMessage(err);
    expect(logged).not.toContain(name);
    expect(logged).toContain('INSERT INTO people');
    expect(logged).toMatch(/UNIQUE constraint failed/);
  });
});
