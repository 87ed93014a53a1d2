import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HospitalEventInput, recordHospitalEvent } from '../engine/cases/index.js';
import { dispatchOutbox } from '../engine/notices/index.js';
import { HospitalEventSchema } from '../functions/schemas.js';
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
export async function measureDispatch(profile: Profile, notices: number, concurrency: number): Promise<DispatchRun> {
  const sink = await startChild(process.execPath, tsxArgs('bench/smtpSink.ts'), {
    ready: (line) => line.startsWith('{"ready":'),
  });
  const port = Number(sink.tail.find((l) => l.startsWith('{"ready":'))!.match(/\d+/)![0]);
  const dir = await mkdtemp(join(profile.dir ?? tmpdir(), 'renkei-dispatch-'));
  try {
    const { deps, hospitals, offices } = await benchEngine(join(dir, 'renkei.db'), {
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFIER_CONCURRENCY: String(concurrency) },
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
      deps.database.close();
    }
  } finally {
    await sink.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same 1,000 notices at one send at a time, the default, and more: does sending side by side pay? */
export async function dispatchBench(
  profile: Profile,
): Promise<{ tables: Table[]; raw: DispatchRun[]; glance: Glance[] }> {
  const runs: DispatchRun[] = [];
  for (const concurrency of [1, DEFAULT_CONCURRENCY, 16]) {
    console.log(`dispatch: ${profile.dispatchNotices} notices through SMTP, ${concurrency} at a time`);
    runs.push(await measureDispatch(profile, profile.dispatchNotices, concurrency));
  }
  const byDefault = runs.find((r) => r.concurrency === DEFAULT_CONCURRENCY)!;
  return {
    glance: [
      {
        what: `notice dispatch: ${profile.dispatchNotices} notices through a real SMTP server (the sweep's dispatch)`,
        figure: `**${round(byDefault.perS, 0)}/s** at the default ${DEFAULT_CONCURRENCY} sends at once (${runs
          .filter((r) => r !== byDefault)
          .map((r) => `${round(r.perS, 0)}/s at ${r.concurrency}`)
          .join(', ')})`,
        goal: `≥ ${DISPATCH_GOAL_PER_S}/s`,
        met: byDefault.perS >= DISPATCH_GOAL_PER_S,
        command: 'npm run bench -- dispatch',
      },
    ],
    tables: [
      {
        title: `Notice dispatch: ${profile.dispatchNotices} admission notices through a real SMTP server on loopback (the sweep's dispatchOutbox)`,
        columns: [
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
          r.concurrency,
          r.sent,
          r.received,
          round(r.seconds),
          round(r.perS, 0),
          round(r.cpuMsPerNotice),
          `≥ ${DISPATCH_GOAL_PER_S}/s: ${r.perS >= DISPATCH_GOAL_PER_S ? 'met' : 'not met'}`,
          `${Math.round(r.otherLoad * 100)}%`,
        ]),
        notes: [
          '4 is the default (NOTIFIER_CONCURRENCY); each sent notice is recorded in its own durable transaction.',
        ],
      },
    ],
    raw: runs,
  };
}
