import type { CaseTurns } from '../deps.js';

/**
 * One turn at a time per case, in arrival order, within this process. With group commit, events of
 * one case that reach their commit together would share a group and fail it on the case's optimistic
 * lock, again and again until their retries ran out (200 at once: three in four answered 500). Taking
 * turns, each event loads the snapshot its predecessor committed, so in-process contention costs no
 * retry at all; the lock still guards against other processes.
 */
export function caseTurns(): CaseTurns {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, turn: (waited: boolean) => Promise<T>): Promise<T> => {
    const before = tails.get(key);
    const run: Promise<T> = before ? before.then(() => turn(true)) : turn(false);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
