import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { libsqlDatabase, type LibsqlDatabase } from './database.js';

// Node's way to a database: an embedded libSQL file, or remote libSQL/Turso over HTTP.
export type { Database, Db, Statement } from './database.js';
export { isConstraintViolation } from './database.js';

export const BUSY_TIMEOUT_MS = 5000;
const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

function isLocalFile(url: string): boolean {
  return url.startsWith('file:');
}

/**
 * The connection settings an embedded database must have. `synchronous=FULL` (SQLite's default)
 * makes an answered event durable across power loss; busy_timeout lets several processes share
 * the file. Each new pooled connection gets busy_timeout from the client's `timeout` option;
 * this check runs on a fresh connection to prove that.
 */
export async function verifyPragmas(client: Client): Promise<void> {
  const rs = await client.batch(['PRAGMA journal_mode', 'PRAGMA synchronous', 'PRAGMA busy_timeout'], 'read');
  const journal = String(Object.values(rs[0]!.rows[0]!)[0]);
  const synchronous = Number(Object.values(rs[1]!.rows[0]!)[0]);
  const busy = Number(Object.values(rs[2]!.rows[0]!)[0]);
  const problems = [
    journal.toLowerCase() !== 'wal' && `journal_mode is ${journal}, expected wal`,
    synchronous !== 2 && `synchronous is ${synchronous}, expected 2 (FULL)`,
    busy !== BUSY_TIMEOUT_MS && `busy_timeout is ${busy}, expected ${BUSY_TIMEOUT_MS}`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`database connection settings do not hold: ${problems.join('; ')}`);
}

export async function openDatabase(url: string, authToken?: string): Promise<LibsqlDatabase> {
  if (isLocalFile(url)) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  }
  // One connection: every call borrows it synchronously and returns it, and the engine never
  // holds an interactive transaction (atomic writes are batches), so one is enough and the
  // per-connection PRAGMAs cannot silently differ between connections.
  const client = createClient({ url, authToken, concurrency: 1, timeout: BUSY_TIMEOUT_MS });
  if (isLocalFile(url)) {
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA synchronous=FULL');
    await client.execute(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
    await client.execute('PRAGMA foreign_keys=ON');
    await verifyPragmas(client);
  }
  return libsqlDatabase(client, url);
}

/**
 * Applies pending migrations. Several instances starting at once on one database (a rollout, or
 * the scale-out test) race: the migrator reads which migrations are applied before its write
 * transaction, so the loser fails with "table already exists" once the winner commits. Trying
 * again then finds them applied, so a failure is retried a few times before it counts.
 */
export async function migrateDatabase(database: LibsqlDatabase): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(database.db as never, { migrationsFolder: MIGRATIONS });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100));
    }
  }
  if (isLocalFile(database.url)) await verifyPragmas(database.client);
}
