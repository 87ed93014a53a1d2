import type { Deps } from './deps.js';
import { dispatchOutbox, type DispatchCounts } from './outbox.js';
import { fireDueTimers, type TimerCounts } from './timers.js';

export interface ScheduledCounts {
  timers: TimerCounts;
  notices: DispatchCounts;
}

/** One sweep: fire due timers (which may queue notices), then send due notices. */
export async function runScheduled(deps: Deps, now: Date): Promise<ScheduledCounts> {
  const timers = await fireDueTimers(deps, now, deps.sweepLimits?.timers);
  const notices = await dispatchOutbox(deps, now, deps.sweepLimits?.notices);
  if (timers.fired + timers.skipped + notices.sent + notices.failed + notices.dead > 0) {
    deps.log.info('sweep', {
      timersFired: timers.fired, timersSkipped: timers.skipped,
      noticesSent: notices.sent, noticesFailed: notices.failed, noticesDead: notices.dead,
    });
  }
  return { timers, notices };
}
