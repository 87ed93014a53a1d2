// sweep: time passing (the scheduled trigger: due timers, the outbox, FAX receipts, the sweep's health).
// The room's public face.

export { runScheduled } from './scheduled.js';
export { SWEEP_FAILURES_BEFORE_ALERT } from './sweepHealth.js';
export { fireDueTimers } from './timers.js';
