// @ts-check
// The settings every connection to an embedded database file must keep, and the one rule that
// judges them: for the main thread's connection (db/client.ts), each database thread's own
// connection at every open (db/threads/worker.mjs) and GET /healthz (Database.check). Plain
// JavaScript, checked by tsc, because the worker thread loads no TypeScript (worker.mjs says why).

/**
 * What a connection reports. `synchronous=FULL` (2) makes an answered event durable across power
 * loss; WAL and busy_timeout let several processes share the file.
 * @typedef {{ journalMode: string; synchronous: number; busyTimeoutMs: number }} ConnectionReport
 */

/**
 * What is wrong with a connection's settings; empty when they hold.
 * @param {ConnectionReport} report
 * @param {number} busyTimeoutMs
 * @returns {string[]}
 */
export function settingsProblems(report, busyTimeoutMs) {
  /** @type {string[]} */
  const problems = [];
  if (report.journalMode.toLowerCase() !== 'wal') problems.push(`journal_mode is ${report.journalMode}, expected wal`);
  if (report.synchronous !== 2) problems.push(`synchronous is ${report.synchronous}, expected 2 (FULL)`);
  if (report.busyTimeoutMs !== busyTimeoutMs)
    problems.push(`busy_timeout is ${report.busyTimeoutMs}, expected ${busyTimeoutMs}`);
  return problems;
}
