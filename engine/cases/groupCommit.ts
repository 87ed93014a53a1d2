import type { Statement } from '../../db/database.js';
import type { CommitEvent } from '../deps.js';

export interface GroupCommitStats {
  /** Transactions committed (or tried) for groups, including groups of one. */
  groups: number;
  events: number;
  /** Groups that failed as a whole and were committed event by event instead. */
  fallbacks: number;
  largest: number;
}

export type GroupCommitter = CommitEvent & {
  stats: GroupCommitStats;
  /** Looks again at `hold`: a caller whose reason to hold has ended calls it. */
  release(): void;
};

export interface GroupCommitOptions {
  maxEvents?: number;
  /**
   * While it says so, and fewer than maxEvents wait and none has waited maxWaitMs, the group is
   * held open for more (the dispatch holds its sends' records while other sends of it are under way).
   */
  hold?: () => boolean;
  maxWaitMs?: number;
}

interface Waiting {
  since: number;
  statements: Statement[];
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Group commit: the atomic writes of events that arrive together are committed in one
 * transaction (one sync to disk for all), and each caller is answered only once that
 * transaction is durable. Events that reach their commit while a group is being written wait
 * for the next group; a new group starts on the next turn of the event loop, so a lone event
 * waits for nothing.
 *
 * A group is all or nothing, but events must not fail each other: when a group fails (the
 * optimistic lock or an idempotency key of one of its events, or anything else) it is
 * committed again event by event, and each caller gets its own outcome. Nothing of the failed
 * group was written, so nothing is written twice.
 */
export function groupCommit(
  commit: (statements: Statement[]) => Promise<void>,
  options: GroupCommitOptions = {},
): GroupCommitter {
  const maxEvents = options.maxEvents ?? 256;
  const maxWaitMs = options.maxWaitMs ?? 0;
  const stats: GroupCommitStats = { groups: 0, events: 0, fallbacks: 0, largest: 0 };
  let queue: Waiting[] = [];
  let writing = false;
  let scheduled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = () => {
    if (writing || scheduled || queue.length === 0) return;
    const waited = performance.now() - queue[0]!.since;
    if (options.hold?.() && queue.length < maxEvents && waited < maxWaitMs) {
      timer ??= setTimeout(() => {
        timer = null;
        schedule();
      }, maxWaitMs - waited);
      return;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const group = queue.slice(0, maxEvents);
      queue = queue.slice(group.length);
      writing = true;
      void write(group).finally(() => {
        writing = false;
        schedule();
      });
    });
  };

  const write = async (group: Waiting[]) => {
    stats.groups++;
    stats.events += group.length;
    stats.largest = Math.max(stats.largest, group.length);
    try {
      await commit(group.flatMap((w) => w.statements));
      for (const w of group) w.resolve();
      return;
    } catch (e) {
      if (group.length === 1) {
        group[0]!.reject(e);
        return;
      }
    }
    stats.fallbacks++;
    for (const w of group) {
      try {
        await commit(w.statements);
        w.resolve();
      } catch (e) {
        w.reject(e);
      }
    }
  };

  const committer = (statements: Statement[]) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ since: performance.now(), statements, resolve, reject });
      schedule();
    });
  return Object.assign(committer, { stats, release: schedule });
}
