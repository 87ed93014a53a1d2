export { runScheduled } from './scheduled.js';
export { SWEEP_FAILURES_BEFORE_ALERT } from './sweepHealth.js';
export { fireDueTimers } from './timers.js';
