// @ts-check
// A database thread: one connection to the database file, so that SQLite's work never runs on
// the event loop that answers HTTP. The write thread commits the engine's atomic batches (page
// writes and the sync to disk); the read thread answers batches of SELECTs (the event's read
// batch). It uses the `libsql` binding directly (the one `@libsql/client` loads): a transaction
// here is a few synchronous calls, and nothing else runs on this thread.
//
// Plain JavaScript, checked by tsc (checkJs): a worker inherits no loader, and loading
// TypeScript in each new thread through tsx costs about 0.6 s (an esbuild service); this starts
// in a few milliseconds.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { settingsProblems } from '../connectionSettings.mjs';

/** @typedef {import('./protocol.js').CommitRequest} CommitRequest */
/** @typedef {import('./protocol.js').ReadRequest} ReadRequest */
/** @typedef {import('./protocol.js').ReadResult} ReadResult */
/** @typedef {import('./protocol.js').SettingsRequest} SettingsRequest */
/** @typedef {import('./protocol.js').ConnectionSettings} ConnectionSettings */
/** @typedef {import('./protocol.js').ThreadError} ThreadError */
/** @typedef {import('./protocol.js').ThreadReply} ThreadReply */
/** @typedef {import('./protocol.js').ThreadSettings} ThreadSettings */
/**
 * @typedef {{
 *   run(args: unknown[]): unknown;
 *   get(): Record<string, unknown> | undefined;
 *   all(args: unknown[]): unknown[][];
 *   raw(on: boolean): Statement;
 *   columns(): { name: string }[];
 * }} Statement
 * @typedef {{ prepare(sql: string): Statement; exec(sql: string): void; close(): void; readonly inTransaction: boolean }} Connection
 */

const settings = /** @type {ThreadSettings} */ (workerData);
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const require = createRequire(import.meta.resolve('@libsql/client'));
const Database = /** @type {new (path: string, options: { timeout: number }) => Connection} */ (require('libsql'));

/** Each thread's page cache, in KiB (SQLite's negative cache_size). */
const CACHE_KIB = 32 * 1024;

/** @type {Connection | undefined} */
let connection;
/** @type {Map<string, Statement>} */
let prepared = new Map();

/**
 * The same settings as every connection of db/client.ts, checked, not assumed.
 * @returns {Connection}
 */
function open() {
  const opened = new Database(settings.path, { timeout: settings.busyTimeoutMs });
  prepared = new Map();
  opened.exec('PRAGMA journal_mode=WAL');
  opened.exec('PRAGMA synchronous=FULL');
  opened.exec(`PRAGMA busy_timeout=${settings.busyTimeoutMs}`);
  opened.exec('PRAGMA foreign_keys=ON');
  // With SQLite's default page cache (2 MB) the console's aggregates ran 2–3× slower on a thread
  // than the same query with the same cache on the main thread (at 100,000 cases: 320 vs 120 ms for
  // the add-on counts; the cause, perhaps the thread's own allocator arena, was not found); 32 MB
  // a connection brings them level (bench/scale.ts).
  opened.exec(`PRAGMA cache_size=-${CACHE_KIB}`);
  const problems = settingsProblems(settingsOf(opened), settings.busyTimeoutMs);
  if (problems.length > 0) {
    throw new Error(`database connection settings do not hold on the ${settings.role} thread: ${problems.join('; ')}`);
  }
  return opened;
}

/**
 * @param {Connection} on
 * @returns {ConnectionSettings}
 */
function settingsOf(on) {
  /** @param {string} pragma */
  const read = (pragma) => Object.values(on.prepare(`PRAGMA ${pragma}`).get() ?? {})[0];
  return {
    journalMode: String(read('journal_mode')).toLowerCase(),
    synchronous: Number(read('synchronous')),
    busyTimeoutMs: Number(read('busy_timeout')),
    foreignKeys: Number(read('foreign_keys')),
    cacheKiB: -Number(read('cache_size')),
  };
}

/**
 * @param {Connection} on
 * @param {string} sql
 */
function statement(on, sql) {
  if (!settings.statementCache) return on.prepare(sql);
  let found = prepared.get(sql);
  if (!found) {
    found = on.prepare(sql);
    // The engine's SQL is a few hundred shapes; a statement with a long IN list is not kept forever.
    if (prepared.size < 1000) prepared.set(sql, found);
  }
  return found;
}

/**
 * What `@libsql/client` does to an argument before binding it (its valueToSql).
 * @param {unknown} value
 */
function bindable(value) {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/**
 * @param {unknown} e
 * @returns {ThreadError}
 */
function asThreadError(e) {
  const err = /** @type {{ message?: unknown; code?: unknown }} */ (e);
  return { message: String(err.message ?? e), code: typeof err.code === 'string' ? err.code : undefined };
}

/** @param {unknown} e */
function isBusy(e) {
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked/.test(`${asThreadError(e).code ?? ''} ${String(e)}`);
}

/**
 * A failed step can leave its statement unreset (holding a lock that fails the next COMMIT): it
 * is dropped, the transaction rolled back, and after a busy error the connection is opened anew
 * (by the next request).
 * @param {number} id
 * @param {string} sql
 * @param {unknown} e
 * @returns {ThreadReply}
 */
function failed(id, sql, e) {
  prepared.delete(sql);
  try {
    if (connection?.inTransaction) connection.exec('ROLLBACK');
  } catch {
    // the connection is replaced below
  }
  if (isBusy(e) && connection) {
    try {
      connection.close();
    } catch {
      // already unusable
    }
    connection = undefined;
  }
  return { id, ok: false, error: asThreadError(e) };
}

/**
 * One batch, one transaction: all its statements hold or none does (BEGIN IMMEDIATE, as the
 * client's 'write' batch).
 * @param {CommitRequest} request
 * @returns {ThreadReply}
 */
function commit(request) {
  let sql = 'BEGIN IMMEDIATE';
  try {
    connection ??= open();
    connection.exec(sql);
    for (const s of request.statements) {
      sql = s.sql;
      statement(connection, s.sql).run(s.args.map(bindable));
    }
    sql = 'COMMIT';
    connection.exec(sql);
    return { id: request.id, ok: true };
  } catch (e) {
    return failed(request.id, sql, e);
  }
}

/**
 * A batch of SELECTs in one read transaction, so that they see one state of the database, as
 * the client's 'read' batch does. Rows go back as arrays; the main thread shapes them.
 * @param {ReadRequest} request
 * @returns {ThreadReply}
 */
function read(request) {
  let sql = 'BEGIN';
  try {
    connection ??= open();
    connection.exec(sql);
    /** @type {ReadResult[]} */
    const results = [];
    for (const s of request.read) {
      sql = s.sql;
      const st = statement(connection, s.sql).raw(true);
      results.push({ columns: st.columns().map((c) => c.name), rows: st.all(s.args.map(bindable)) });
    }
    sql = 'COMMIT';
    connection.exec(sql);
    return { id: request.id, ok: true, results };
  } catch (e) {
    return failed(request.id, sql, e);
  }
}

try {
  connection = open();
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ ready: false, error: asThreadError(e) });
}

port.on('message', (/** @type {CommitRequest | ReadRequest | SettingsRequest | 'close'} */ message) => {
  if (message === 'close') {
    connection?.close();
    port.close();
    return;
  }
  if ('settings' in message) {
    try {
      connection ??= open();
      port.postMessage(/** @type {ThreadReply} */ ({ id: message.id, ok: true, settings: settingsOf(connection) }));
    } catch (e) {
      port.postMessage(/** @type {ThreadReply} */ ({ id: message.id, ok: false, error: asThreadError(e) }));
    }
    return;
  }
  if ('read' in message) {
    port.postMessage(read(message));
    return;
  }
  // Only the write thread commits: a read thread asked to would be a bug of the caller.
  if (settings.role !== 'write') throw new Error('a read thread does not commit');
  port.postMessage(commit(message));
});
