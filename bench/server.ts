import { readConfig } from '../engine/config.js';
import { jsonLogger, silentLogger } from '../engine/log.js';
import { startNodeServer } from '../functions/node.js';

/**
 * The real Node server, for benches: the same app, engine and database settings as `npm start`.
 * Two differences, both for measuring ingest alone: notices stay in the outbox (a deployment
 * driven by a cron on POST /v1/scheduled behaves so; BENCH_DISPATCH=1 sends them after each
 * commit as `npm start` does), and BENCH_LOG=0 silences the per-event log line.
 */
const config = readConfig(process.env);
const log = process.env.BENCH_LOG === '0' ? silentLogger : jsonLogger();
const running = await startNodeServer(config, { log });
if (process.env.BENCH_DISPATCH !== '1') running.deps.afterCommit = undefined;
console.log(JSON.stringify({ ready: running.port }));
const stop = () => {
  void running.close().then(() => {
    const stats = (running.deps.commitEvent as { stats?: unknown } | undefined)?.stats;
    // Written before exiting: a pipe is asynchronous and process.exit would drop the line.
    process.stdout.write(stats ? `${JSON.stringify({ groupCommit: stats })}\n` : '', () => process.exit(0));
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
