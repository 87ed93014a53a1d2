import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient, type InStatement, type ResultSet, type Row } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { isDatabaseBusy, type LibsqlDatabase, libsqlDatabase, settingsProblems, toSql } from './database.js';
import { useStatementCache } from './statementCache.js';
import { type DatabaseThread, type ReadResult, startDatabaseThread } from './threads/index.js';

// Node's way to a database: an embedded libSQL file, or remote libSQL/Turso over HTTP.
export type { Database, Db, Statement } from './database.js';
export { isConstraintViolation, isDatabaseBusy } from './database.js';

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
export async function verifyPragmas(client: Client, busyTimeoutMs = BUSY_TIMEOUT_MS): Promise<void> {
  const rs = await client.batch(['PRAGMA journal_mode', 'PRAGMA synchronous', 'PRAGMA busy_timeout'], 'read');
  const problems = settingsProblems(
    {
      journalMode: String(Object.values(rs[0]!.rows[0]!)[0]),
      synchronous: Number(Object.values(rs[1]!.rows[0]!)[0]),
      busyTimeoutMs: Number(Object.values(rs[2]!.rows[0]!)[0]),
    },
    busyTimeoutMs,
  );
  if (problems.length > 0) throw new Error(`database connection settings do not hold: ${problems.join('; ')}`);
}

/** A thread's settings as it reports them now; rejects saying what does not hold. */
async function verifyThread(role: string, thread: DatabaseThread, busyTimeoutMs: number): Promise<void> {
  const problems = settingsProblems(await thread.settings(), busyTimeoutMs);
  if (problems.length > 0) throw new Error(`the ${role} thread's settings do not hold: ${problems.join('; ')}`);
}

export interface OpenOptions {
  /** Keep prepared statements per connection (db/statementCache.ts; RENKEI_STATEMENT_CACHE). */
  statementCache?: boolean;
  /**
   * Commit the atomic batches on a thread of their own (db/threads; RENKEI_WRITE_THREAD), so
   * the sync to disk never blocks the event loop. A local file only.
   */
  writeThread?: boolean;
  /**
   * Answer batches of SELECTs (the event's read batch) on a thread of their own (db/threads;
   * RENKEI_READ_THREAD). A local file only; single reads stay on this thread.
   */
  readThread?: boolean;
}

/**
 * Opens the database. `busyTimeoutMs` is how long a write waits for another writer (another
 * process on the same file) before it gives up with SQLITE_BUSY, which the app answers with 503.
 */
export async function openDatabase(
  url: string,
  authToken?: string,
  busyTimeoutMs = BUSY_TIMEOUT_MS,
  { statementCache = true, writeThread = true, readThread = false }: OpenOptions = {},
): Promise<LibsqlDatabase> {
  if (isLocalFile(url)) {
    useStatementCache(statementCache);
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  }
  // One connection: every call borrows it synchronously and returns it, and the engine never
  // holds an interactive transaction (atomic writes are batches), so one is enough and the
  // per-connection PRAGMAs cannot silently differ between connections.
  const client = createClient({ url, authToken, concurrency: 1, timeout: busyTimeoutMs });
  if (!isLocalFile(url)) return libsqlDatabase(client, url);
  const configure = async (c: Client) => {
    await c.execute('PRAGMA journal_mode=WAL');
    await c.execute('PRAGMA synchronous=FULL');
    await c.execute(`PRAGMA busy_timeout=${busyTimeoutMs}`);
    await c.execute('PRAGMA foreign_keys=ON');
    await verifyPragmas(c, busyTimeoutMs);
  };
  await configure(client);
  const path = url.slice('file:'.length);
  const local = path !== '' && path !== ':memory:';
  const settings = { path, busyTimeoutMs, statementCache };
  const writer = local && writeThread ? await startDatabaseThread({ role: 'write', ...settings }) : undefined;
  const reader = local && readThread ? await startDatabaseThread({ role: 'read', ...settings }) : undefined;
  const recovering = recoveringFromBusy(client, configure);
  const database = libsqlDatabase(reader ? readingOnThread(recovering, reader) : recovering, url);
  // The file's connections must keep their settings: the check asks each of them.
  if (!writer && !reader) return { ...database, check: () => verifyPragmas(recovering, busyTimeoutMs) };
  return {
    ...database,
    client: recovering,
    writeThread: writer,
    readThread: reader,
    commit: writer ? (statements) => writer.commit(statements.map(toSql)) : database.commit,
    async check() {
      await verifyPragmas(recovering, busyTimeoutMs);
      if (writer) await verifyThread('write', writer, busyTimeoutMs);
      if (reader) await verifyThread('read', reader, busyTimeoutMs);
    },
    close() {
      void writer?.close();
      void reader?.close();
      database.close();
    },
  };
}

const SELECT = /^\s*select\b/i;

/**
 * The client drizzle runs on, with its batches of SELECTs (drizzle's `db.batch` of queries, a
 * 'read' batch) answered by the read thread, in one read transaction as before. Everything else —
 * single queries, writes, anything not plainly a SELECT — goes to the client on this thread.
 */
function readingOnThread(client: Client, reader: DatabaseThread): Client {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      // The client keeps its state in private fields: every method runs on the client itself.
      if (prop !== 'batch') return (value as (...a: unknown[]) => unknown).bind(target);
      const batch = value as Client['batch'];
      return (statements: InStatement[], mode?: 'write' | 'read' | 'deferred') => {
        const plain = statements.map((s) => (typeof s === 'string' ? { sql: s, args: [] } : s));
        const reads = mode !== 'write' && plain.every((s) => SELECT.test(s.sql) && Array.isArray(s.args ?? []));
        if (!reads) return batch.call(target, statements, mode);
        return reader
          .read(plain.map((s) => ({ sql: s.sql, args: (s.args as unknown[] | undefined) ?? [] })))
          .then((results) => results.map(asResultSet));
      };
    },
  });
}

/** A thread's rows shaped as `@libsql/client` shapes them (its rowFromSql): values by index and by column. */
function asResultSet(result: ReadResult): ResultSet {
  const rows = result.rows.map((values) => {
    const row = {} as Row;
    Object.defineProperty(row, 'length', { value: values.length });
    values.forEach((raw, i) => {
      // A BLOB crosses the thread as a Uint8Array; the client answers an ArrayBuffer.
      const value = raw instanceof Uint8Array ? raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) : raw;
      Object.defineProperty(row, i, { value });
      const column = result.columns[i]!;
      if (!Object.hasOwn(row, column))
        Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
    });
    return row;
  });
  return {
    columns: result.columns,
    columnTypes: result.columns.map(() => ''),
    rows,
    rowsAffected: 0,
    lastInsertRowid: undefined,
    toJSON: () => ({ columns: result.columns, rows: result.rows, rowsAffected: 0, lastInsertRowid: null }),
  };
}

const CALLS = new Set(['execute', 'batch', 'migrate', 'executeMultiple']);

/**
 * The embedded libSQL leaves a statement that failed with SQLITE_BUSY un-reset on its connection,
 * and every later COMMIT on that connection then fails ("cannot commit transaction - SQL
 * statements in progress"): one lock held past busy_timeout would stop every write of the
 * process until it restarts. So after a busy error the connection is replaced (and configured
 * again) before the next call. Calls are queued one after another so that the replacement never
 * closes a connection another call has already borrowed (the client has one connection anyway).
 */
function recoveringFromBusy(client: Client, configure: (c: Client) => Promise<void>): Client {
  let queue: Promise<unknown> = Promise.resolve();
  let poisoned = false;
  const run = async <T>(call: () => Promise<T>): Promise<T> => {
    if (poisoned) {
      poisoned = false;
      await client.reconnect();
      await configure(client);
    }
    try {
      return await call();
    } catch (e) {
      if (isDatabaseBusy(e)) poisoned = true;
      throw e;
    }
  };
  return new Proxy(client, {
    get(target, prop) {
      // The client keeps its state in private fields: every method runs on the client itself.
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => Promise<unknown>;
      if (typeof prop !== 'string' || !CALLS.has(prop)) return method.bind(target);
      return (...args: unknown[]) => {
        const result = queue.then(() => run(() => method.apply(target, args)));
        queue = result.catch(() => undefined);
        return result;
      };
    },
  });
}

/**
 * Applies pending migrations. Several instances starting at once on one database (a rollout, or
 * the scale-out test) race: the migrator reads which migrations are applied before its write
 * transaction, so the loser fails with "table already exists" once the winner commits. Trying
 * again then finds them applied, so a failure is retried a few times before it counts.
 */
export async function migrateDatabase(database: LibsqlDatabase, busyTimeoutMs = BUSY_TIMEOUT_MS): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(database.db as never, { migrationsFolder: MIGRATIONS });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100));
    }
  }
  if (isLocalFile(database.url)) await verifyPragmas(database.client, busyTimeoutMs);
}
