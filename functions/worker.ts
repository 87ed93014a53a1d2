import { createClient } from '@libsql/client/web';
import type { Context, ExecutionContext } from 'hono';
import { type D1Binding, d1Database } from '../db/d1.js';
import { type Database, libsqlDatabase } from '../db/database.js';
import { RateLimiter } from '../engine/access/index.js';
import { type Config, ConfigError, readConfig } from '../engine/config.js';
import type { Deps } from '../engine/deps.js';
import { jsonLogger, loggableMessage } from '../engine/log.js';
import { dispatchOutbox } from '../engine/notices/index.js';
import { runScheduled } from '../engine/sweep/index.js';
import { devMailboxSender, type EmailSender } from '../notifiers/email.js';
import { httpMailSender } from '../notifiers/httpMail.js';
import { regionPacks } from '../regions/index.generated.js';
import { createApp } from './app.js';
import { assembleDeps } from './engineDeps.js';

/**
 * The Workers entry: the same Hono app and the same runScheduled as on Node. `fetch` serves
 * HTTP; `scheduled` is the Cron Trigger (wrangler.toml) that fires timers and sends notices.
 * The database is the D1 binding `DB`, or remote libSQL/Turso when DATABASE_URL is set instead.
 */
export interface WorkerEnv {
  DB?: D1Binding;
  [variable: string]: unknown;
}

interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

const log = jsonLogger();

function configOf(env: WorkerEnv): Config {
  const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  const config = readConfig(vars);
  if (config.smtpUrl)
    throw new ConfigError('SMTP is not available on Workers: set MAIL_API_URL (an HTTP mail API) instead of SMTP_URL');
  return config;
}

function databaseFor(env: WorkerEnv, config: Config): Database {
  if (env.DB) return d1Database(env.DB);
  if (/^(libsql|https):\/\//.test(config.databaseUrl)) {
    return libsqlDatabase(
      createClient({ url: config.databaseUrl, authToken: config.databaseAuthToken }),
      config.databaseUrl,
    );
  }
  throw new ConfigError('bind a D1 database as DB, or set DATABASE_URL to a libsql:// or https:// database (Turso)');
}

function emailFor(config: Config, database: Database, now: () => Date): EmailSender {
  return config.mailApiUrl
    ? httpMailSender({
        url: config.mailApiUrl,
        token: config.mailApiToken,
        from: config.mailFrom,
        timeoutMs: config.notifierTimeoutMs,
      })
    : devMailboxSender(database.db, now);
}

// Once per isolate: configuration, the signing key and the region directory. Connections are
// made per invocation, because a Worker may not reuse one request's I/O in another.
let booting: Promise<Deps> | undefined;
function boot(env: WorkerEnv): Promise<Deps> {
  booting ??= (async () => {
    const config = configOf(env);
    const database = databaseFor(env, config);
    const now = () => new Date();
    return assembleDeps({ database, packs: regionPacks, config, email: emailFor(config, database, now), now, log });
  })().catch((e: unknown) => {
    booting = undefined;
    throw e;
  });
  return booting;
}

/**
 * D1 counts queries per invocation (1,000 on Workers Paid). A timer costs about two round trips and
 * a notice about six, so one invocation takes at most this many; the next cron tick takes the rest.
 */
const SWEEP_LIMITS = { timers: 100, notices: 50 };

function forInvocation(base: Deps, env: WorkerEnv, now: () => Date): Deps {
  const database = databaseFor(env, base.config);
  return { ...base, database, email: emailFor(base.config, database, now), now, sweepLimits: SWEEP_LIMITS };
}

let linkLimiter: RateLimiter | undefined;

/** Set by Cloudflare's edge, not by the client: both the audit and the link-guessing limit use it. */
const clientAddress = (c: Context) => c.req.header('cf-connecting-ip') ?? null;

function configProblem(e: ConfigError): Response {
  log.error('configuration error', { errorMessage: e.message.slice(0, 300) });
  return Response.json(
    {
      type: 'https://renkei.example/problems/configuration',
      title: 'Configuration error',
      status: 500,
      detail: e.message,
    },
    { status: 500, headers: { 'content-type': 'application/problem+json' } },
  );
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let base: Deps;
    try {
      base = await boot(env);
    } catch (e) {
      if (e instanceof ConfigError) return configProblem(e);
      throw e;
    }
    const deps = forInvocation(base, env, () => new Date());
    // Notices go out right after the commit that queued them, after the response is sent.
    deps.afterCommit = () =>
      ctx.waitUntil(
        dispatchOutbox(deps, deps.now()).catch((e: Error) => {
          log.error('dispatch after commit failed', { error: e.name, errorMessage: loggableMessage(e) });
        }),
      );
    // An app per invocation, because its routes hold this invocation's deps (about 1 ms of CPU).
    // The link-guessing buckets live as long as the isolate, not the invocation.
    linkLimiter ??= new RateLimiter(base.config.linkMissesPerMinute);
    return createApp(deps, { clientAddress, linkLimiter }).fetch(request, env, ctx);
  },

  /** Cron Trigger: the sweep happens at the trigger's scheduled time, as Node's interval does at its tick. */
  async scheduled(controller: ScheduledController, env: WorkerEnv): Promise<void> {
    const base = await boot(env);
    const now = new Date(controller.scheduledTime);
    await runScheduled(
      forInvocation(base, env, () => now),
      now,
    );
  },
};
