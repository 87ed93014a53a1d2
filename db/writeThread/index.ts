import { Worker } from 'node:worker_threads';
import type {
  CommitRequest,
  ConnectionSettings,
  SettingsRequest,
  ThreadReady,
  ThreadReply,
  ThreadSettings,
} from './protocol.js';

// Node only: the write thread of an embedded database file (db/client.ts).

export type { ConnectionSettings, ThreadSettings } from './protocol.js';

export interface WriteThread {
  /** Commits the statements in one transaction on the thread; resolves once it is durable. */
  commit(statements: { sql: string; args: unknown[] }[]): Promise<void>;
  /** Waits for the commits under way, then ends the thread. */
  close(): Promise<void>;
  /** The thread's connection settings as SQLite reports them now. */
  settings(): Promise<ConnectionSettings>;
  /** Commits sent and not yet answered. */
  readonly pending: number;
}

/** An Error the engine classifies as it classifies the client's (by code and message). */
function threadError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), {
    code: error.code,
    cause: { code: error.code, message: error.message },
  });
}

/**
 * Starts the write thread and waits until its connection is open with the settings every
 * connection must have. The worker is plain JavaScript (worker.mjs says why), checked by tsc.
 *
 * While a commit is under way the thread keeps the process alive, so a script that awaits a
 * commit is not cut off before the commit is durable; when idle it does not hold the process.
 */
export async function startWriteThread(settings: ThreadSettings): Promise<WriteThread> {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: settings, execArgv: [] });
  const waiting = new Map<number, { resolve(settings?: ConnectionSettings): void; reject(e: unknown): void }>();
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
    if (reply.ok) w.resolve(reply.settings);
    else w.reject(threadError(reply.error));
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`the database write thread ended (exit code ${code})`)));

  const underWay = new Set<Promise<void>>();
  let closing: Promise<void> | null = null;
  return {
    get pending() {
      return waiting.size;
    },
    commit(statements) {
      if (ended) return Promise.reject(ended);
      if (closing) return Promise.reject(new Error('the database write thread is closed'));
      const id = next++;
      const committed = new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve: () => resolve(), reject });
        if (waiting.size === 1) worker.ref();
        worker.postMessage({ id, statements } satisfies CommitRequest);
      });
      const settled = committed.then(
        () => undefined,
        () => undefined,
      );
      underWay.add(settled);
      void settled.then(() => underWay.delete(settled));
      return committed;
    },
    settings() {
      if (ended) return Promise.reject(ended);
      const id = next++;
      return new Promise<ConnectionSettings>((resolve, reject) => {
        waiting.set(id, { resolve: (s) => resolve(s!), reject });
        if (waiting.size === 1) worker.ref();
        worker.postMessage({ id, settings: true } satisfies SettingsRequest);
      });
    },
    close() {
      closing ??= (async () => {
        // Commits already sent finish first: their callers were promised durability.
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
