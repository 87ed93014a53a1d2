import type { Deps } from './deps.js';
import { checkFaxReceipts, type ReceiptCounts } from './faxReceipts.js';
import { dispatchOutbox, type DispatchCounts } from './outbox.js';
import { fireDueTimers, type TimerCounts } from './timers.js';

export interface ScheduledCounts {
  timers: TimerCounts;
  notices: DispatchCounts;
  receipts: ReceiptCounts;
}

/** One sweep: fire due timers and check unconfirmed FAXes (both may queue notices), then send due notices. */
export async function runScheduled(deps: Deps, now: Date): Promise<ScheduledCounts> {
  const timers = await fireDueTimers(deps, now, deps.sweepLimits?.timers);
  const receipts = await checkFaxReceipts(deps, now);
  const notices = await dispatchOutbox(deps, now, deps.sweepLimits?.notices);
  if (timers.fired + timers.skipped + notices.sent + notices.failed + notices.dead + receipts.reminded + receipts.stuck > 0) {
    deps.log.info('sweep', {
      timersFired: timers.fired, timersSkipped: timers.skipped,
      noticesSent: notices.sent, noticesFailed: notices.failed, noticesDead: notices.dead,
      faxReminders: receipts.reminded, faxStuck: receipts.stuck,
    });
  }
  return { timers, notices, receipts };
}
