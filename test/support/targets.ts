import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { ADMIN_TOKEN, serviceClient, type ServiceClient } from './client.js';
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

export async function startNodeTarget(): Promise<Target> {
  const s = await startTestServer({ clock: wallClock });
  const fetchOn = (urlOrPath: string, init?: RequestInit) => fetch(urlOrPath.startsWith('http') ? urlOrPath : `${s.base}${urlOrPath}`, init);
  return {
    runtime: 'node',
    ...serviceClient(fetchOn),
    fetch: fetchOn,
    async cron(at) { await s.sweep(at); },
    mails: s.smtp!.mails,
    waitForMails: (n) => s.smtp!.waitFor(n),
    logs: s.logs,
    close: () => s.close(),
  };
}

async function wrangler(args: string[]): Promise<void> {
  await run(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: ROOT, env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  });
}

/** Builds the Worker exactly as `wrangler deploy` would, migrates a local D1 with wrangler, runs both in workerd. */
export async function startWorkerTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-worker-'));
  const bundle = join(dir, 'bundle');
  const state = join(dir, 'state');
  await wrangler(['deploy', '--dry-run', '--outdir', bundle]);
  await wrangler(['d1', 'migrations', 'apply', 'renkei', '--local', '--persist-to', state]);
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
    bindings: {
      ...workerOptions.bindings,
      RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
      RENKEI_TEST_CLOCK: '1',
      PUBLIC_BASE_URL: 'https://renkei.test',
      MAIL_API_URL: mailApi.url,
      MAIL_API_TOKEN: 'mail-api-token',
    },
  } as never);
  const fetchOn = async (urlOrPath: string, init?: RequestInit) => {
    const res = await mf.dispatchFetch(urlOrPath.startsWith('http') ? urlOrPath : `https://renkei.test${urlOrPath}`, init as never);
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
      await rm(dir, { recursive: true, force: true });
    },
  };
}
