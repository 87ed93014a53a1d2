import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, freePort, startChild, tsxArgs } from './proc.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface RenkeiServer {
  child: Child;
  base: string;
  dir: string;
  /** Hospitals with a webhook secret each, and the registered care offices, all of one region. */
  hospitals: { id: string; secret: string }[];
  careOffices: string[];
  /** The Node server's own pid (under a wrapper, its child's): where its CPU and memory are read. */
  serverPid: number;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface RenkeiOptions {
  env?: Record<string, string>;
  /** Where the database file goes (a real disk: fsync must cost what it costs). */
  dir?: string;
  region?: string;
  careOffices?: number;
  hospitals?: number;
  /** Extra node flags for the server (e.g. --cpu-prof to see where an event's time goes). */
  nodeArgs?: string[];
  /**
   * A command the server runs under (e.g. strace injecting a delay into every fsync): its pid is
   * then the wrapper's, and `serverPid` finds the Node process under it.
   */
  wrap?: string[];
}

/** Starts `bench/server.ts` in its own process on a fresh database and registers what a load needs. */
export async function startRenkei(options: RenkeiOptions = {}): Promise<RenkeiServer> {
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), 'renkei-bench-'));
  const port = await freePort();
  const node = [process.execPath, ...(options.nodeArgs ?? []), ...tsxArgs('bench/server.ts')];
  const [command, ...args] = [...(options.wrap ?? []), ...node];
  const child = await startChild(command!, args, {
    env: {
      DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
      PORT: String(port),
      RENKEI_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      SCHEDULE_INTERVAL_SECONDS: '0',
      RENKEI_ENV: 'development',
      // The load is one hospital's integration sending far more than a real one: the per-hospital
      // rate limit would answer 429 and the bench would measure refusals.
      WEBHOOK_RATE_PER_MINUTE: '0',
      ...options.env,
    },
    ready: (line) => line.startsWith('{"ready":'),
  });
  if (options.wrap) {
    // The server is stopped itself (it prints its figures on SIGTERM); the wrapper ends with it.
    const pid = nodeUnder(child.pid);
    const stopWrapper = child.stop;
    child.stop = async () => {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        const exited = new Promise<void>((r) => child.process.once('exit', () => r()));
        try {
          process.kill(pid, 'SIGTERM');
        } catch {}
        await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 5000).unref())]);
      }
      await stopWrapper();
    };
  }
  const base = `http://127.0.0.1:${port}`;
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  const server: RenkeiServer = {
    child,
    base,
    dir,
    hospitals: [],
    careOffices: [],
    serverPid: options.wrap ? nodeUnder(child.pid) : child.pid,
    admin,
    async close() {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await register(server, options.region ?? 'sanda', options.hospitals ?? Infinity, options.careOffices ?? 20);
  } catch (e) {
    await server.close();
    throw e;
  }
  return server;
}

/** The Node process a wrapper (strace) started: the wrapper's first child. */
function nodeUnder(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  if (!children[0]) throw new Error(`no process under ${pid}`);
  return children[0];
}

async function register(server: RenkeiServer, region: string, hospitalCount: number, officeCount: number) {
  const res = await server.admin('/v1/admin/hospitals');
  if (res.status !== 200) throw new Error(`hospital directory: ${res.status}`);
  const { items } = (await res.json()) as { items: { id: string; region: string }[] };
  const ids = items
    .filter((h) => h.region === region)
    .map((h) => h.id)
    .slice(0, hospitalCount);
  if (ids.length === 0) throw new Error(`no hospitals in region ${region}`);
  for (const id of ids) {
    const r = await server.admin(`/v1/admin/hospitals/${id}/secrets`, { method: 'POST' });
    if (r.status !== 201) throw new Error(`secret for ${id}: ${r.status}`);
    server.hospitals.push({ id, secret: ((await r.json()) as { secret: string }).secret });
  }
  for (let i = 1; i <= officeCount; i++) {
    const id = `${region}-bench-office-${String(i).padStart(3, '0')}`;
    const r = await server.admin(`/v1/admin/care-offices/${id}`, {
      method: 'PUT',
      body: {
        name: `ベンチ居宅介護支援事業所${i}`,
        email: `office${i}@bench.example.jp`,
        fax: '000-0000-0000',
        phone: '000-0000-0001',
        region,
        businessHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
      },
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`care office ${id}: ${r.status} ${await r.text()}`);
    server.careOffices.push(id);
  }
}
