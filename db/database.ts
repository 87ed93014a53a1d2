import type { Client, InStatement } from '@libsql/client';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
// The web entry takes a ready client and never imports the Node client, so it bundles for Workers.
import { drizzle } from 'drizzle-orm/libsql/web';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema.js';

export { type ConnectionReport, settingsProblems } from './connectionSettings.mjs';

// The one seam between the engine and its database. Nothing here may import a Node-only module:
// the Worker bundle uses this file with D1 or with `@libsql/client/web`.

export type Schema = typeof schema;

/** drizzle over any SQLite we run on (libSQL file, remote libSQL/Turso, D1): all async, all with batch. */
export type Db = BaseSQLiteDatabase<'async', unknown, Schema> & {
  /** Several reads in one round trip. */
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};

export type Backend = 'libsql-file' | 'libsql-remote' | 'd1';

/** A query builder or raw statement, to be committed with others in one atomic batch. */
export type Statement = { toSQL(): { sql: string; params: unknown[] } } | { sql: string; args: unknown[] };

export interface Database {
  readonly backend: Backend;
  readonly db: Db;
  /**
   * Commits all statements in one transaction and one round trip: all hold or none does, and a
   * constraint violation rejects the whole batch (the engine's optimistic lock relies on that).
   */
  commit(statements: Statement[]): Promise<void>;
  /**
   * Asks the database a question now (and, for a local file, each of its threads for its settings):
   * resolves when every connection answers with the settings it must have, rejects saying what does not.
   * GET /healthz calls it, so a process whose database stopped answering reports so.
   */
  check(): Promise<void>;
  close(): void;
}

export function toSql(s: Statement): { sql: string; args: unknown[] } {
  if ('toSQL' in s) {
    const { sql, params } = s.toSQL();
    return { sql, args: params };
  }
  return s;
}

export function isConstraintViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const text = `${err.code ?? ''} ${err.cause?.code ?? ''} ${err.message ?? ''} ${err.cause?.message ?? ''}`;
  return /SQLITE_CONSTRAINT|UNIQUE constraint failed/.test(text);
}

/**
 * The database is held by another writer past the busy timeout (SQLite's SQLITE_BUSY, D1's
 * "database is locked"), or a connection was replaced under a call because of that: a moment
 * later the same request can succeed, so callers answer 503 with Retry-After, not 500.
 */
export function isDatabaseBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const text = `${err.code ?? ''} ${err.cause?.code ?? ''} ${err.message ?? ''} ${err.cause?.message ?? ''}`;
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked|closed while this operation was in flight/.test(text);
}

/** What the seam may ask a database thread (db/threads) without importing Node-only code. */
export interface DatabaseThreadSettings {
  settings(): Promise<{
    journalMode: string;
    synchronous: number;
    busyTimeoutMs: number;
    foreignKeys: number;
    cacheKiB: number;
  }>;
  /** Requests sent to the thread and not yet answered. */
  readonly pending: number;
}

export interface LibsqlDatabase extends Database {
  readonly client: Client;
  readonly url: string;
  /** A local file's write thread, when its batches are committed there (db/threads, Node only). */
  readonly writeThread?: DatabaseThreadSettings;
  /** A local file's read thread, when its batches of SELECTs are answered there (db/threads, Node only). */
  readonly readThread?: DatabaseThreadSettings;
}

/**
 * Any libSQL client (embedded file, remote over HTTP, or `@libsql/client/web` on Workers).
 * A write batch runs as BEGIN IMMEDIATE ... COMMIT, one request on a remote database.
 */
export function libsqlDatabase(client: Client, url: string): LibsqlDatabase {
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    backend: url.startsWith('file:') ? 'libsql-file' : 'libsql-remote',
    client,
    db,
    url,
    async commit(statements) {
      await client.batch(
        statements.map((s) => toSql(s) as InStatement),
        'write',
      );
    },
    async check() {
      await client.execute('SELECT 1');
    },
    close: () => client.close(),
  };
}
