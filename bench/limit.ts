import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InStatement } from '@libsql/client';
import { openDatabase, type Statement } from '../db/client.js';
import { type HospitalEventInput, recordHospitalEvent } from '../engine/cases/index.js';
import { HospitalEventSchema } from '../functions/schemas.js';
import { benchEngine } from './lib/engine.js';
import { renkeiRequest } from './lib/load.js';
import { summarize } from './lib/stats.js';
import { STORY_LENGTH } from './lib/workload.js';

export interface LimitResult {
  events: number;
  statementsPerEvent: number;
  /** One event per transaction, back to back: the per-transaction storage limit. */
  single: { eventsPerS: number; cpuMsPerEvent: number; p50Ms: number; p99Ms: number };
  /** The same statements, `groupSize` events per transaction. */
  grouped: { groupSize: number; eventsPerS: number; cpuMsPerEvent: number };
}

function toInStatement(s: Statement): InStatement {
  if (typeof s === 'object' && s !== null && 'toSQL' in s) {
    const { sql, params } = s.toSQL();
    return { sql, args: params as never };
  }
  return s as InStatement;
}

async function copyDatabase(from: string, to: string) {
  for (const suffix of ['', '-wal']) {
    const exists = await stat(`${from}${suffix}`).then(
      () => true,
      () => false,
    );
    if (exists) await copyFile(`${from}${suffix}`, `${to}${suffix}`);
  }
}

export interface CapturedWrites {
  /** The database as it was before the events: each replay starts from a copy of it. */
  basePath: string;
  dir: string;
  writes: InStatement[][];
}

/**
 * The bare storage cost of the events the ingest load sends, step one: the real engine records
 * the same stays in process (no HTTP) and every event's atomic write is captured as committed.
 */
export async function captureEventWrites(options: {
  stays: number;
  dir?: string;
  careOffices?: number;
}): Promise<CapturedWrites> {
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), 'renkei-limit-'));
  const basePath = join(dir, 'base.db');
  const base = await benchEngine(basePath, { careOffices: options.careOffices });
  const { hospitals, offices } = base;
  base.deps.database.close();

  const capturePath = join(dir, 'capture.db');
  await copyDatabase(basePath, capturePath);
  const capture = (await benchEngine(capturePath, { careOffices: 0 })).deps;
  const writes: InStatement[][] = [];
  capture.commitEvent = async (statements) => {
    const plain = statements.map(toInStatement);
    writes.push(plain);
    await capture.database.client.batch(plain, 'write');
  };
  const request = renkeiRequest({ hospitals, careOffices: offices });
  for (let n = 0; n < options.stays; n++) {
    const hospital = hospitals[n % hospitals.length]!;
    for (let i = 0; i < STORY_LENGTH; i++) {
      const r = request(n, i, `limit-${n}`, hospital);
      const input = HospitalEventSchema.parse(JSON.parse(r.body)) as HospitalEventInput;
      const result = await recordHospitalEvent(capture, hospital.id, r.headers['webhook-id']!, input);
      if (result.kind !== 'accepted') throw new Error(`capture: ${input.type} was ${result.kind}`);
    }
  }
  capture.database.close();
  return { basePath, dir, writes };
}

export async function discardCapture(captured: CapturedWrites): Promise<void> {
  await rm(captured.dir, { recursive: true, force: true });
}

/**
 * Step two: on a fresh copy of the database as it was before, the captured writes are committed
 * again with the same connection settings (WAL, synchronous=FULL): the first half one event
 * per transaction, the second half `groupSize` events per transaction. No HTTP, validation,
 * snapshot load or machine.
 */
export async function replayLimit(captured: CapturedWrites, groupSize = 64): Promise<LimitResult> {
  const replayPath = join(captured.dir, `replay-${Date.now()}.db`);
  await copyDatabase(captured.basePath, replayPath);
  const replay = await openDatabase(`file:${replayPath}`);
  try {
    const writes = captured.writes;
    const half = Math.floor(writes.length / 2);
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const batch of writes.slice(0, half)) {
      const s = performance.now();
      await replay.client.batch(batch, 'write');
      latencies.push(performance.now() - s);
    }
    const singleMs = performance.now() - t0;
    const singleCpu = process.cpuUsage(cpu0);
    const rest = writes.slice(half);
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    for (let i = 0; i < rest.length; i += groupSize) {
      await replay.client.batch(rest.slice(i, i + groupSize).flat(), 'write');
    }
    const groupedMs = performance.now() - t1;
    const groupedCpu = process.cpuUsage(cpu1);
    const l = summarize(latencies);
    return {
      events: writes.length,
      statementsPerEvent: writes.reduce((s, b) => s + b.length, 0) / writes.length,
      single: {
        eventsPerS: half / (singleMs / 1000),
        cpuMsPerEvent: (singleCpu.user + singleCpu.system) / 1000 / half,
        p50Ms: l.p50,
        p99Ms: l.p99,
      },
      grouped: {
        groupSize,
        eventsPerS: rest.length / (groupedMs / 1000),
        cpuMsPerEvent: (groupedCpu.user + groupedCpu.system) / 1000 / rest.length,
      },
    };
  } finally {
    replay.close();
    await rm(replayPath, { force: true });
    await rm(`${replayPath}-wal`, { force: true });
    await rm(`${replayPath}-shm`, { force: true });
  }
}

/**
 * What one sync to this disk costs (write 4 KiB, fdatasync): the floor under a durable
 * transaction, and what group commit shares among the events of a group.
 */
export async function syncLatency(dir: string | undefined, runs = 200): Promise<{ p50Ms: number; p99Ms: number }> {
  const where = await mkdtemp(join(dir ?? tmpdir(), 'renkei-sync-'));
  const fd = openSync(join(where, 'sync.bin'), 'w');
  try {
    const block = Buffer.alloc(4096, 7);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, (i % 64) * 4096);
      fdatasyncSync(fd);
      samples.push(performance.now() - t);
    }
    const s = summarize(samples);
    return { p50Ms: s.p50, p99Ms: s.p99 };
  } finally {
    closeSync(fd);
    await rm(where, { recursive: true, force: true });
  }
}
