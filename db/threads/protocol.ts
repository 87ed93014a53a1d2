// What the main thread and a database thread say to each other. Plain data only: it is cloned.

export interface ThreadSettings {
  /** `write` commits the atomic batches; `read` answers batches of SELECTs (never writes). */
  role: 'write' | 'read';
  /** The database file's path (not its `file:` URL). */
  path: string;
  busyTimeoutMs: number;
  /** Keep statements prepared by SQL text (RENKEI_STATEMENT_CACHE). */
  statementCache: boolean;
}

export interface CommitRequest {
  id: number;
  statements: { sql: string; args: unknown[] }[];
}

/** A batch of SELECTs read in one read transaction (one snapshot of the database). */
export interface ReadRequest {
  id: number;
  read: { sql: string; args: unknown[] }[];
}

/** One SELECT's answer: its column names and its rows as arrays of values. */
export interface ReadResult {
  columns: string[];
  rows: unknown[][];
}

/** A failure as the engine reads it (db/database.ts isConstraintViolation, isDatabaseBusy). */
export interface ThreadError {
  message: string;
  code?: string;
}

/** The thread's connection settings as SQLite reports them (asked for by `{ id, settings: true }`). */
export interface ConnectionSettings {
  journalMode: string;
  synchronous: number;
  busyTimeoutMs: number;
  foreignKeys: number;
  /** The connection's page cache in KiB (db/threads/worker.mjs says why it is larger than SQLite's default). */
  cacheKiB: number;
}

export interface SettingsRequest {
  id: number;
  settings: true;
}

export type ThreadReply =
  | { id: number; ok: true; settings?: ConnectionSettings; results?: ReadResult[] }
  | { id: number; ok: false; error: ThreadError };

/** The first message of the thread: its connection is open and its settings hold, or why not. */
export type ThreadReady = { ready: true } | { ready: false; error: ThreadError };
