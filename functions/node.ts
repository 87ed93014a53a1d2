import { pathToFileURL } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Config, ConfigError, DEV_ADMIN_TOKEN, readConfig } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import type { Logger } from '../engine/log.js';
import { runScheduled } from '../engine/sweep/index.js';
import { createApp } from './app.js';
import { callbackRoutes } from './routes/callbacks.js';
import { startEngine } from './runtime.js';

export interface RunningServer {
  deps: Deps;
  server: ServerType;
  port: number;
  /** Resolves when no in-process sweep is running or queued (tests, and a graceful stop). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Node entry: one process serving HTTP and running the sweep on an in-process interval.
 * The interval only calls runScheduled; all timers themselves live in the database.
 */
export async function startNodeServer(
  config: Config,
  options: { log?: Logger; now?: () => Date } = {},
): Promise<RunningServer> {
  const deps = await startEngine(config, options);
  let sweeping: Promise<unknown> | null = null;
  let again = false;
  // Stopping (SIGTERM) ends the sweep's sending at once: notices not yet started stay due for the
  // next process, and the ones in flight end within NOTIFIER_TIMEOUT_MS.
  const stopping = new AbortController();
  const sweep = () => {
    if (stopping.signal.aborted) return;
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = runScheduled(deps, deps.now(), { signal: stopping.signal })
      // Logged (and counted towards an alert) by runScheduled; the next tick tries again.
      .catch(() => undefined)
      .finally(() => {
        sweeping = null;
        if (again) {
          again = false;
          sweep();
        }
      });
  };
  // Notices go out right after the commit that queued them, not at the next tick.
  deps.afterCommit = () => setImmediate(sweep);
  const app = createApp(deps, {
    extraRoutes: [callbackRoutes(deps)],
    clientAddress: (c) => {
      const remote = getConnInfo(c).remote.address ?? null;
      const forwarded = c.req.header('x-forwarded-for');
      return forwarded ? `${forwarded} via ${remote}` : remote;
    },
    // The peer itself: X-Forwarded-For is recorded above but not trusted, so a guesser cannot rotate it.
    limitKey: (c) => getConnInfo(c).remote.address ?? null,
  });
  const interval =
    config.scheduleIntervalSeconds > 0 ? setInterval(sweep, config.scheduleIntervalSeconds * 1000) : null;
  interval?.unref();
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    deps,
    server,
    port,
    async idle() {
      await new Promise((r) => setImmediate(r));
      while (sweeping) await sweeping;
    },
    async close() {
      if (interval) clearInterval(interval);
      stopping.abort();
      await sweeping;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // After the sweep's last send: the SMTP pool's connections end with a QUIT, not a reset.
      deps.email.close?.();
      deps.database.close();
    },
  };
}

async function main() {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`renkei: configuration error\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const running = await startNodeServer(config);
  console.log(`renkei listening on ${config.publicBaseUrl} (port ${running.port}, database ${config.databaseUrl})`);
  if (running.deps.email.kind === 'dev-mailbox')
    console.log(`mail goes to the development mailbox: ${config.publicBaseUrl}/dev/mailbox`);
  if (config.adminToken === DEV_ADMIN_TOKEN) console.log(`admin token (development default): ${DEV_ADMIN_TOKEN}`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
