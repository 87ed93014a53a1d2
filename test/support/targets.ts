import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { ADMIN_TOKEN, type ServiceClient, serviceClient } from './client.js';
import { startHrana, type TestHrana } from './hranaServer.js';
import { startMailApi } from './mailApi.js';
import { startTestServer, wallClock } from './server.js';
import type { ReceivedMail } from './smtp.js';

/**
 * One running service, whichever runtime runs it, so one scenario suite proves both:
 * Node (real server, libSQL file, real SMTP) and workerd (the Worker bundle wrangler deploys,
 * D1 migrated by wrangler, mail through the HTTP mail API adapter to a real HTTP server).
 */
export interface Target extends ServiceClient {
  runtime: 'node' | 'workerd';
  /** A path on the service, or an absolute link taken from a notice. */
  fetch(urlOrPath: string, init?: RequestInit): Promise<Response>;
  /** The runtime's own scheduled entry (Node: the sweep route; Workers: the Cron Trigger), run at `at`. */
  cron(at: string): Promise<void>;
  mails: ReceivedMail[];
  waitForMails(count: number): Promise<ReceivedMail[]>;
  /** What the service wrote to its log, line by line. */
  logs: string[];
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** A remote libSQL database for a target, migrated from Node as `npm run db:migrate` does. */
async function remoteDatabase(dir: string): Promise<TestHrana> {
  const hrana = await startHrana(join(dir, 'remote.db'));
  const database = await openDatabase(hrana.url);
  await migrateDatabase(database);
  database.close();
  return hrana;
}

export async function startNodeTarget(options: { database?: 'file' | 'remote-libsql' } = {}): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-node-target-'));
  const hrana = options.database === 'remote-libsql' ? await remoteDatabase(dir) : null;
  const s = await startTestServer({ clock: wallClock, env: hrana ? { DATABASE_URL: hrana.url } : {} });
  const fetchOn = (urlOrPath: string, init?: RequestInit) =>
    fetch(urlOrPath.startsWith('http') ? urlOrPath : `${s.base}${urlOrPath}`, init);
  return {
    runtime: 'node',
    ...serviceClient(fetchOn),
    fetch: fetchOn,
    async cron(at) {
      await s.sweep(at);
    },
    mails: s.smtp!.mails,
    waitForMails: (n) => s.smtp!.waitFor(n),
    logs: s.logs,
    async close() {
      await s.close();
      await hrana?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function wrangler(args: string[]): Promise<void> {
  await run(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  });
}

let bundling: Promise<string> | undefined;
/** The Worker exactly as `wrangler deploy` builds it (once per test file). */
export function workerBundle(): Promise<string> {
  bundling ??= (async () => {
    const bundle = await mkdtemp(join(tmpdir(), 'renkei-bundle-'));
    process.once('exit', () => rmSync(bundle, { recursive: true, force: true }));
    await wrangler(['deploy', '--dry-run', '--outdir', bundle]);
    return bundle;
  })();
  return bundling;
}

/**
 * The Worker bundle in workerd with the D1 binding of wrangler.toml, migrated by wrangler, or
 * without it and with DATABASE_URL pointing at a remote libSQL (the Turso deployment).
 */
export async function startWorkerTarget(
  options: { database?: 'd1' | 'remote-libsql'; bindings?: Record<string, string> } = {},
): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-worker-'));
  const bundle = await workerBundle();
  const state = join(dir, 'state');
  const hrana = options.database === 'remote-libsql' ? await remoteDatabase(dir) : null;
  if (!hrana) await wrangler(['d1', 'migrations', 'apply', 'renkei', '--local', '--persist-to', state]);
  const mailApi = await startMailApi();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.toml'));
  const logs: string[] = [];
  const mf = new Miniflare({
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      for (const stream of [stdout, stderr]) createInterface({ input: stream }).on('line', (line) => logs.push(line));
    },
    ...workerOptions,
    modules: true,
    modulesRoot: bundle,
    scriptPath: join(bundle, 'worker.js'),
    d1Persist: join(state, 'v3', 'd1'),
    ...(hrana ? { d1Databases: {} } : {}),
    bindings: {
      ...workerOptions.bindings,
      // libsql:// as a Turso URL, without TLS on loopback.
      ...(hrana ? { DATABASE_URL: `${hrana.url.replace(/^http:/, 'libsql:')}?tls=0` } : {}),
      RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
      RENKEI_TEST_CLOCK: '1',
      PUBLIC_BASE_URL: 'https://renkei.test',
      MAIL_API_URL: mailApi.url,
      MAIL_API_TOKEN: 'mail-api-token',
      ...options.bindings,
    },
  } as never);
  const fetchOn = async (urlOrPath: string, init?: RequestInit) => {
    const res = await mf.dispatchFetch(
      urlOrPath.startsWith('http') ? urlOrPath : `https://renkei.test${urlOrPath}`,
      init as never,
    );
    return res as unknown as Response;
  };
  return {
    runtime: 'workerd',
    ...serviceClient(fetchOn),
    fetch: fetchOn,
    async cron(at) {
      const worker = await mf.getWorker();
      const result = await worker.scheduled({ scheduledTime: new Date(at), cron: '* * * * *' });
      if (result.outcome !== 'ok') throw new Error(`scheduled handler: ${result.outcome}`);
    },
    mails: mailApi.mails,
    waitForMails: (n) => mailApi.waitFor(n),
    logs,
    async close() {
      await mf.dispose();
      await mailApi.close();
      await hrana?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
