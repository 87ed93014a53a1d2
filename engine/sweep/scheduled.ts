import type { Deps } from '../deps.js';
import {
  checkFaxReceipts,
  type DispatchCounts,
  type DispatchStop,
  dispatchOutbox,
  type ReceiptCounts,
} from '../notices/index.js';
import { queueMorningSummaries, queueOfficeDigests } from '../summary/index.js';
import { sweepFailed, sweepSucceeded } from './sweepHealth.js';
import { fireDueTimers, type TimerCounts } from './timers.js';

export interface ScheduledCounts {
  timers: TimerCounts;
  /** Morning summaries this sweep queued (the first sweep from the configured hour of a day). */
  summaries: number;
  /** Care offices' daily digests this sweep queued (the first sweep from each digest office's hour). */
  digests: number;
  notices: DispatchCounts;
  receipts: ReceiptCounts;
}

/** The sweep running in this process on each database, so that the next one waits for it. */
const running = new WeakMap<object, Promise<unknown>>();

/**
 * One sweep: fire due timers and check unconfirmed FAXes (both may queue notices), then send due
 * notices. Sweeps in one process run one after another (the interval, the run after a commit,
 * `POST /v1/scheduled`): leases keep instances apart, but two sweeps of one process reading
 * different clocks (a drill's `now`, a clock that jumped) would each see the other's leases as
 * lapsed.
 */
export async function runScheduled(deps: Deps, now: Date, stop: DispatchStop = {}): Promise<ScheduledCounts> {
  const key = deps.database;
  const previous = running.get(key) ?? Promise.resolve();
  const sweep = previous.catch(() => undefined).then(() => sweepOnce(deps, now, stop));
  running.set(key, sweep);
  try {
    const counts = await sweep;
    await sweepSucceeded(deps, now);
    return counts;
  } catch (e) {
    await sweepFailed(deps, now, e);
    throw e;
  } finally {
    if (running.get(key) === sweep) running.delete(key);
  }
}

/**
 * The dispatch stops starting sends at its budget, below the notices' lease (engine/notices/outbox.ts),
 * or when the process is stopping: a hanging provider delays a sweep by one timeout, not one per notice.
 */
async function sweepOnce(deps: Deps, now: Date, stop: DispatchStop): Promise<ScheduledCounts> {
  const timers = await fireDueTimers(deps, now, deps.sweepLimits?.timers);
  const receipts = await checkFaxReceipts(deps, now);
  // After the timers and receipts, so the summary sees what this sweep found stuck; before the dispatch, which sends it.
  const summaries = await queueMorningSummaries(deps, now);
  const digests = await queueOfficeDigests(deps, now);
  const notices = stop.signal?.aborted
    ? { sent: 0, failed: 0, dead: 0, deferred: 0 }
    : await dispatchOutbox(deps, now, deps.sweepLimits?.notices, stop);
  if (
    timers.fired +
      timers.skipped +
      notices.sent +
      notices.failed +
      notices.dead +
      notices.deferred +
      receipts.reminded +
      receipts.stuck +
      summaries +
      digests >
    0
  ) {
    deps.log.info('sweep', {
      timersFired: timers.fired,
      timersSkipped: timers.skipped,
      noticesSent: notices.sent,
      noticesFailed: notices.failed,
      noticesDead: notices.dead,
      noticesDeferred: notices.deferred,
      faxReminders: receipts.reminded,
      faxStuck: receipts.stuck,
      summaries,
      digests,
    });
  }
  return { timers, summaries, digests, notices, receipts };
}
