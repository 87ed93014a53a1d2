import { Worker } from 'node:worker_threads';
import type {
  CommitRequest,
  ConnectionSettings,
  ReadRequest,
  ReadResult,
  SettingsRequest,
  ThreadReady,
  ThreadReply,
  ThreadSettings,
} from './protocol.js';

// Node only: the database threads of an embedded database file (db/client.ts).

export type { ConnectionSettings, ReadResult, ThreadSettings } from './protocol.js';

type SqlStatement = { sql: string; args: unknown[] };

export interface DatabaseThread {
  /** Commits the statements in one transaction on the thread; resolves once it is durable (write thread). */
  commit(statements: SqlStatement[]): Promise<void>;
  /** Runs SELECTs in one read transaction on the thread (read thread). */
  read(statements: SqlStatement[]): Promise<ReadResult[]>;
  /** The thread's connection settings as SQLite reports them now. */
  settings(): Promise<ConnectionSettings>;
  /** Waits for the requests under way, then ends the thread. */
  close(): Promise<void>;
  /** Requests sent and not yet answered. */
  readonly pending: number;
}

/** An Error the engine classifies as it classifies the client's (by code and message). */
function threadError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), {
    code: error.code,
    cause: { code: error.code, message: error.message },
  });
}

type Answer = Extract<ThreadReply, { ok: true }>;

/**
 * Starts a database thread and waits until its connection is open with the settings every
 * connection must have. The worker is plain JavaScript (worker.mjs says why), checked by tsc.
 *
 * While a request is under way the thread keeps the process alive, so a script that awaits a
 * commit is not cut off before the commit is durable; when idle it does not hold the process.
 */
export async function startDatabaseThread(settings: ThreadSettings): Promise<DatabaseThread> {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: settings, execArgv: [] });
  const waiting = new Map<number, { resolve(answer: Answer): void; reject(e: unknown): void }>();
  let next = 1;
  let ended: Error | null = null;

  const failAll = (e: Error) => {
    ended = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (first: ThreadReady) => {
      if (first.ready) resolve();
      else {
        void worker.terminate();
        reject(threadError(first.error));
      }
    });
    worker.once('error', reject);
  });
  worker.unref();
  worker.on('message', (reply: ThreadReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.ok) w.resolve(reply);
    else w.reject(threadError(reply.error));
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`a database thread ended (exit code ${code})`)));

  const underWay = new Set<Promise<unknown>>();
  let closing: Promise<void> | null = null;
  const ask = (message: CommitRequest | ReadRequest | SettingsRequest): Promise<Answer> => {
    if (ended) return Promise.reject(ended);
    if (closing) return Promise.reject(new Error('the database thread is closed'));
    const answered = new Promise<Answer>((resolve, reject) => {
      waiting.set(message.id, { resolve, reject });
      if (waiting.size === 1) worker.ref();
      worker.postMessage(message);
    });
    const settled = answered.then(
      () => undefined,
      () => undefined,
    );
    underWay.add(settled);
    void settled.then(() => underWay.delete(settled));
    return answered;
  };
  return {
    get pending() {
      return waiting.size;
    },
    async commit(statements) {
      await ask({ id: next++, statements });
    },
    async read(statements) {
      return (await ask({ id: next++, read: statements })).results ?? [];
    },
    async settings() {
      return (await ask({ id: next++, settings: true })).settings!;
    },
    close() {
      closing ??= (async () => {
        // Requests already sent finish first: a commit's caller was promised durability.
        await Promise.all(underWay);
        if (!ended) {
          const exited = new Promise<void>((r) => worker.once('exit', () => r()));
          worker.postMessage('close');
          await exited;
        }
      })();
      return closing;
    },
  };
}
