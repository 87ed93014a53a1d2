import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HospitalEventInput, recordHospitalEvent } from '../engine/cases/index.js';
import { dispatchOutbox } from '../engine/notices/index.js';
import { HospitalEventSchema } from '../functions/schemas.js';
import { startCpuProfile, summarizeProfiles } from './lib/cpuProfile.js';
import { benchEngine } from './lib/engine.js';
import { renkeiRequest } from './lib/load.js';
import { machineLoadMeter } from './lib/machineLoad.js';
import { startChild, tsxArgs } from './lib/proc.js';
import type { Glance, Table } from './lib/report.js';
import { round } from './lib/stats.js';
import type { Profile } from './profile.js';

export const DISPATCH_GOAL_PER_S = 200;
/** NOTIFIER_CONCURRENCY's default (engine/config.ts). */
const DEFAULT_CONCURRENCY = 4;

export interface DispatchRun {
  concurrency: number;
  notices: number;
  sent: number;
  received: number;
  seconds: number;
  perS: number;
  cpuMsPerNotice: number;
  otherLoad: number;
}

/**
 * `notices` admissions recorded through the engine each queue one admission notice by email; then
 * the sweep's dispatch (dispatchOutbox, as POST /v1/scheduled runs it) sends them all through a
 * real SMTP server on loopback (bench/smtpSink.ts, its own process) with `concurrency` sends at once.
 */
export async function measureDispatch(
  profile: Profile,
  notices: number,
  concurrency: number,
  options: { cpuProfileDir?: string; env?: Record<string, string> } = {},
): Promise<DispatchRun> {
  const sink = await startChild(process.execPath, tsxArgs('bench/smtpSink.ts'), {
    ready: (line) => line.startsWith('{"ready":'),
  });
  const port = Number(sink.tail.find((l) => l.startsWith('{"ready":'))!.match(/\d+/)![0]);
  const dir = await mkdtemp(join(profile.dir ?? tmpdir(), 'renkei-dispatch-'));
  try {
    const { deps, hospitals, offices } = await benchEngine(join(dir, 'renkei.db'), {
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFIER_CONCURRENCY: String(concurrency), ...options.env },
    });
    try {
      const request = renkeiRequest({ hospitals, careOffices: offices });
      for (let n = 0; n < notices; n++) {
        const hospital = hospitals[n % hospitals.length]!;
        const r = request(n, 0, `dispatch-${n}`, hospital);
        const input = HospitalEventSchema.parse(JSON.parse(r.body)) as HospitalEventInput;
        const result = await recordHospitalEvent(deps, hospital.id, r.headers['webhook-id']!, input);
        if (result.kind !== 'accepted') throw new Error(`dispatch bench: admission was ${result.kind}`);
      }
      // Only the dispatch is profiled, not the admissions recorded to queue its notices.
      const profiler = options.cpuProfileDir ? await startCpuProfile() : null;
      const meter = machineLoadMeter([sink.pid]);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let sent = 0;
      for (;;) {
        const counts = await dispatchOutbox(deps, deps.now(), notices);
        sent += counts.sent;
        if (counts.sent + counts.failed + counts.dead + counts.deferred === 0) break;
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const otherLoad = meter.otherShare();
      if (profiler && options.cpuProfileDir) await profiler.stop(options.cpuProfileDir);
      await sink.stop();
      const received = Number(sink.tail.map((l) => l.match(/^\{"received":(\d+)\}$/)?.[1]).find(Boolean) ?? Number.NaN);
      return {
        concurrency,
        notices,
        sent,
        received,
        seconds,
        perS: sent / seconds,
        cpuMsPerNotice: (cpu.user + cpu.system) / 1000 / Math.max(1, sent),
        otherLoad,
      };
    } finally {
      deps.email.close?.();
      deps.database.close();
    }
  } finally {
    await sink.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The A/B of this round: the dispatch as it was (a connection and a transaction per notice), and as it is. */
const VARIANTS = [
  {
    name: 'before',
    what: 'no SMTP pool, one transaction per sent notice',
    env: { SMTP_POOL: '0', RENKEI_DISPATCH_GROUP_COMMIT: '0' },
  },
  {
    name: 'pool',
    what: 'SMTP pool, one transaction per sent notice',
    env: { SMTP_POOL: '1', RENKEI_DISPATCH_GROUP_COMMIT: '0' },
  },
  { name: 'now', what: 'SMTP pool, the sends that end together recorded in one transaction (the default)', env: {} },
] as const;
const ROUNDS = 3;

export type DispatchRunOf = DispatchRun & { round: number; variant: string };

/**
 * The same 1,000 notices at the default sends at once, each variant back to back in every round
 * (the cores are shared: compare within a round, report the median); then the default at 16
 * sends at once, and the default once more under V8's profiler (where the dispatch's time goes).
 */
export async function dispatchBench(
  profile: Profile,
): Promise<{ tables: Table[]; raw: DispatchRunOf[]; glance: Glance[] }> {
  const runs: DispatchRunOf[] = [];
  for (let round = 1; round <= ROUNDS; round++)
    for (const v of VARIANTS) {
      console.log(
        `dispatch: round ${round}, ${v.name}: ${profile.dispatchNotices} notices, ${DEFAULT_CONCURRENCY} at a time`,
      );
      const r = await measureDispatch(profile, profile.dispatchNotices, DEFAULT_CONCURRENCY, { env: { ...v.env } });
      runs.push({ ...r, round, variant: v.name });
    }
  for (const concurrency of [16]) {
    console.log(`dispatch: now, ${concurrency} at a time`);
    runs.push({ ...(await measureDispatch(profile, profile.dispatchNotices, concurrency)), round: 1, variant: 'now' });
  }
  const tables: Table[] = [];
  if (profile.cpuProfile) {
    const dir = await mkdtemp(join(tmpdir(), 'renkei-dispatch-profile-'));
    try {
      console.log('dispatch: now, under the profiler');
      const r = await measureDispatch(profile, profile.dispatchNotices, DEFAULT_CONCURRENCY, { cpuProfileDir: dir });
      const buckets = await summarizeProfiles(dir);
      tables.push({
        title: `Where the dispatch's main-thread time goes (V8 profile, ${r.notices} notices, ${DEFAULT_CONCURRENCY} at a time, ${round(r.perS, 0)}/s)`,
        columns: ['where (self time)', 'share', 'ms per notice'],
        rows: buckets.slice(0, 14).map((b) => [b.bucket, `${round(b.share * 100, 1)}%`, round(b.ms / r.sent, 3)]),
        notes: [
          'Synchronous native calls are charged to their caller: libsql includes SQLite and the sync; idle time is left out.',
        ],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const median = (variant: string, pick: (r: DispatchRun) => number) =>
    medianOf(runs.filter((r) => r.variant === variant && r.concurrency === DEFAULT_CONCURRENCY).map(pick));
  const now = median('now', (r) => r.perS);
  const others = runs.filter((r) => r.variant === 'now' && r.concurrency !== DEFAULT_CONCURRENCY);
  return {
    glance: [
      {
        what: `notice dispatch: ${profile.dispatchNotices} notices through a real SMTP server (the sweep's dispatch)`,
        figure: `**${round(now, 0)}/s** at the default ${DEFAULT_CONCURRENCY} sends at once (median of ${ROUNDS}; ${round(
          median('before', (r) => r.perS),
          0,
        )}/s before, without pool or grouped records, in the same rounds; ${others
          .map((r) => `${round(r.perS, 0)}/s at ${r.concurrency}`)
          .join(
            ', ',
          )}); sender CPU ${round(median('now', (r) => r.cpuMsPerNotice))} ms a notice (${round(median('before', (r) => r.cpuMsPerNotice))} before)`,
        goal: `≥ ${DISPATCH_GOAL_PER_S}/s`,
        met: now >= DISPATCH_GOAL_PER_S,
        command: 'npm run bench -- dispatch',
      },
    ],
    tables: [
      {
        title: `Notice dispatch: ${profile.dispatchNotices} admission notices through a real SMTP server on loopback (the sweep's dispatchOutbox)`,
        columns: [
          'round',
          'variant',
          'sends at once (NOTIFIER_CONCURRENCY)',
          'sent',
          'received by the server',
          'seconds',
          'notices/s',
          'sender CPU ms/notice',
          'goal',
          'other load on the cores',
        ],
        rows: runs.map((r) => [
          r.round,
          r.variant,
          r.concurrency,
          r.sent,
          r.received,
          round(r.seconds),
          round(r.perS, 0),
          round(r.cpuMsPerNotice),
          `≥ ${DISPATCH_GOAL_PER_S}/s: ${r.perS >= DISPATCH_GOAL_PER_S ? 'met' : 'not met'}`,
          `${Math.round(r.otherLoad * 100)}%`,
        ]),
        notes: VARIANTS.map((v) => `${v.name}: ${v.what}.`),
      },
      ...tables,
    ],
    raw: runs,
  };
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
