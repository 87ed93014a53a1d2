import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.js';
import type { LibsqlDatabase } from '../../db/database.js';

/** A real libSQL file in a temporary folder, opened as the service opens it, with one table made by `ddl`. */
export async function tempDatabase(ddl: string): Promise<{ database: LibsqlDatabase; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-db-'));
  const database = await openDatabase(`file:${join(dir, 'test.db')}`);
  await database.client.execute(ddl);
  return {
    database,
    async close() {
      database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
