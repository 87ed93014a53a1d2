import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type InStatement } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema.js';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  client: Client;
  db: Db;
  url: string;
  close(): void;
}

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

export async function openDatabase(url: string, authToken?: string): Promise<Database> {
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
  const db = drizzle(client, { schema });
  return { client, db, url, close: () => client.close() };
}

export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS });
  if (isLocalFile(database.url)) await verifyPragmas(database.client);
}

/** A query builder or raw statement, to be committed with others in one atomic batch. */
export type Statement = { toSQL(): { sql: string; params: unknown[] } } | InStatement;

function toInStatement(s: Statement): InStatement {
  if (typeof s === 'object' && s !== null && 'toSQL' in s) {
    const { sql, params } = s.toSQL();
    return { sql, args: params as never };
  }
  return s;
}

/**
 * Commits all statements in one write transaction (BEGIN IMMEDIATE), one round trip on remote
 * databases. Either all hold or none does; a constraint violation rejects the whole batch.
 */
export async function commitAtomically(client: Client, statements: Statement[]): Promise<void> {
  await client.batch(statements.map(toInStatement), 'write');
}

export function isConstraintViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  const text = `${err.code ?? ''} ${err.cause?.code ?? ''} ${err.message ?? ''}`;
  return /SQLITE_CONSTRAINT|UNIQUE constraint failed/.test(text);
}
