import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { freePort, ROOT, tsxArgs } from './lib/proc.js';
import { BENCH_ADMIN_TOKEN } from './lib/renkei.js';
import type { Table } from './lib/report.js';
import { round, summarize } from './lib/stats.js';
import type { Profile } from './profile.js';

interface Start {
  toHealthyMs: number;
  toFirstWriteMs: number;
}

/**
 * From spawning the Node entry (`npm start` without npm: node --import tsx functions/node.ts) to
 * its first served request (GET /healthz answered 200), then to the first answered request that
 * writes to the database. `fresh`: a new database file (migrations, region directory, signing
 * key are created); otherwise the same file again, as on a restart.
 */
async function startOnce(dbPath: string): Promise<Start> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, tsxArgs('functions/node.ts'), {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: `file:${dbPath}`,
      PORT: String(port),
      RENKEI_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      SCHEDULE_INTERVAL_SECONDS: '0',
    },
  });
  try {
    let healthy = 0;
    for (;;) {
      const status = await fetch(`${base}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) {
        healthy = performance.now() - t0;
        break;
      }
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      if (performance.now() - t0 > 60_000) throw new Error('no answer within 60 s');
      await new Promise((r) => setTimeout(r, 2));
    }
    // The first request that writes: an administrator registers a care office.
    const res = await fetch(`${base}/v1/admin/care-offices/sanda-cold-${Date.now()}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'コールドスタート居宅', email: 'cold@bench.example.jp', region: 'sanda' }),
    });
    if (res.status !== 201) throw new Error(`first write: ${res.status}`);
    return { toHealthyMs: healthy, toFirstWriteMs: performance.now() - t0 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

interface BundleSize {
  files: number;
  bytes: number;
  gzipBytes: number;
  largest: { name: string; bytes: number };
}

/** The Worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`), raw and gzipped. */
async function workerBundleSize(): Promise<BundleSize> {
  const outdir = await mkdtemp(join(tmpdir(), 'renkei-bundle-'));
  try {
    await promisify(execFile)(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    const names = (await readdir(outdir, { recursive: true })).map(String);
    const size: BundleSize = { files: 0, bytes: 0, gzipBytes: 0, largest: { name: '', bytes: 0 } };
    for (const name of names) {
      const path = join(outdir, name);
      if (!(await stat(path)).isFile() || name.endsWith('.map') || name === 'README.md') continue;
      const content = await readFile(path);
      size.files++;
      size.bytes += content.length;
      size.gzipBytes += gzipSync(content).length;
      if (content.length > size.largest.bytes) size.largest = { name, bytes: content.length };
    }
    return size;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export async function coldStartBench(profile: Profile): Promise<{ tables: Table[]; raw: unknown }> {
  const runs = profile.name === 'full' ? 10 : 4;
  const fresh: Start[] = [];
  const restart: Start[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(profile.dir ?? tmpdir(), 'renkei-cold-'));
    try {
      console.log(`coldstart: run ${i + 1}/${runs}`);
      fresh.push(await startOnce(join(dir, 'cold.db')));
      restart.push(await startOnce(join(dir, 'cold.db')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const row = (label: string, xs: Start[]) => {
    const h = summarize(xs.map((x) => x.toHealthyMs));
    const w = summarize(xs.map((x) => x.toFirstWriteMs));
    return [
      label,
      xs.length,
      round(h.p50, 0),
      round(Math.min(...xs.map((x) => x.toHealthyMs)), 0),
      round(h.max, 0),
      round(w.p50, 0),
    ];
  };
  console.log('coldstart: building the Worker bundle (wrangler deploy --dry-run)');
  const bundle = await workerBundleSize();
  const kib = (n: number) => round(n / 1024, 0);
  return {
    raw: { fresh, restart, bundle },
    tables: [
      {
        title: 'Cold start: process spawn to first served request (node --import tsx functions/node.ts)',
        columns: [
          'database',
          'runs',
          'to GET /healthz 200, median ms',
          'min ms',
          'max ms',
          'to first write answered, median ms',
        ],
        rows: [row('new file (migrations, directory, key)', fresh), row('existing file (restart)', restart)],
        notes: ['TypeScript is transpiled at start by tsx (no build step); `npm start` adds the npm CLI on top.'],
      },
      {
        title: 'Worker bundle: what `wrangler deploy` uploads (wrangler deploy --dry-run --outdir)',
        columns: ['files', 'total KiB', 'gzip KiB', 'largest file', 'its KiB'],
        rows: [
          [bundle.files, kib(bundle.bytes), kib(bundle.gzipBytes), bundle.largest.name, kib(bundle.largest.bytes)],
        ],
        notes: [
          'Cloudflare limits a Worker to 3 MiB gzipped on the free plan and 10 MiB on paid plans; source maps are not counted.',
        ],
      },
    ],
  };
}
