import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibsqlDatabase } from '../../db/database.js';
import { loggableMessage } from '../../engine/log.js';
import { tempDatabase } from '../support/tempDatabase.js';

describe('no personal data in logs: a failed query is logged without the values it carried', () => {
  let temp: Awaited<ReturnType<typeof tempDatabase>>;
  let database: LibsqlDatabase;
  beforeAll(async () => {
    temp = await tempDatabase('CREATE TABLE people (name TEXT NOT NULL UNIQUE)');
    database = temp.database;
  });
  afterAll(async () => {
    await temp.close();
  });

  it('keeps the SQL and the driver message, drops the parameters', async () => {
    const name = '秘密 花子';
    await database.db.run(sql`INSERT INTO people (name) VALUES (${name})`);
    const err = await database.db.run(sql`INSERT INTO people (name) VALUES (${name})`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(name);
    const logged = loggableMessage(err);
    expect(logged).not.toContain(name);
    expect(logged).toContain('INSERT INTO people');
    expect(logged).toMatch(/UNIQUE constraint failed/);
  });
});
