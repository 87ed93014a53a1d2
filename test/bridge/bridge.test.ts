// Issue 15 §4–5: the hospital-side bridge, run as its own process (`bridge/main.ts`), with real
// MLLP over TCP, a real SS-MIX2 tree, a real libSQL spool, SIGKILL, and renkei unreachable for a while.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../../db/schema.js';
import { casePatient } from '../../engine/patients/index.js';
import { adt, iso2022jp } from '../support/hl7.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOSPITAL = 'sanda-aino';

interface Bridge {
  logs: string[];
  mllpPort: number | null;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The bridge as a hospital runs it: `npm run bridge -- …`, its own process. */
async function startBridge(args: string[], secret: string): Promise<Bridge> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bridge/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RENKEI_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (l) => logs.push(l));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(
    () => logs.some((l) => l.includes('"bridge started"')),
    30_000,
    () => `bridge start:\n${logs.join('\n')}`,
  );
  const listening = logs.find((l) => l.includes('"mllp listening"'));
  return {
    logs,
    mllpPort: listening ? (JSON.parse(listening) as { port: number }).port : null,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A TCP proxy in front of renkei: down refuses connections (renkei unreachable), up passes them through. */
async function switchableProxy(targetPort: number) {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  let server: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  return {
    url: `http://127.0.0.1:${port}`,
    async up() {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    },
    async down() {
      for (const s of sockets) s.destroy();
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      server = null;
    },
  };
}

/** Sends one message over MLLP as the HIS does and returns the ACK's MSA-1. Bytes travel as latin1, unchanged. */
async function sendMllp(port: number, bytes: Uint8Array): Promise<string> {
  const client = new Hl7Client({ host: '127.0.0.1', port, encoding: 'latin1' });
  try {
    const ack = await client.sendAndWait(Hl7Message.parse(Buffer.from(bytes).toString('latin1')), {
      timeoutMs: 10_000,
    });
    return ack.getSegment('MSA')?.getField(1).toString() ?? '';
  } finally {
    await client.close();
  }
}

describe('the bridge: MLLP and SS-MIX2 in, a durable spool, signed forwarding to /hl7', () => {
  let s: TestServer;
  let secret: string;
  let dir: string;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    secret = await s.secretFor(HOSPITAL);
    dir = await mkdtemp(join(tmpdir(), 'renkei-bridge-'));
  });
  afterAll(async () => {
    await s.close();
  });

  const db = () => s.running.deps.database.db;
  const logOf = async (visit: string) => {
    const row = (await db().select().from(cases).where(eq(cases.hospitalizationId, visit)))[0];
    if (!row) return [];
    return db().select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.seq));
  };
  const typesOf = async (visit: string) => (await logOf(visit)).map((e) => e.type);
  const patientOf = async (visit: string) => {
    const row = (await db().select().from(cases).where(eq(cases.hospitalizationId, visit)))[0]!;
    return casePatient(s.running.deps, row);
  };
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('MLLP: ACK once spooled; SIGKILLed before forwarding and restarted, renkei down then up: every message once, in order per patient', async () => {
    const proxy = await switchableProxy(Number(new URL(s.base).port));
    const spool = join(dir, 'mllp-spool.db');
    const args = ['--mllp', '127.0.0.1:0', '--to', proxy.url, '--hospital', HOSPITAL, '--spool', spool];
    const fast = ['--scan-ms', '100', '--max-backoff-ms', '300'];
    let bridge = await startBridge([...args, ...fast], secret);
    const messages = [
      utf8(
        adt({
          trigger: 'A01',
          controlId: 'B-1',
          visit: 'V-b1',
          patientId: 'P1',
          name: ['佐藤', '一郎'],
          kana: ['サトウ', 'イチロウ'],
          at: '202612040900',
        }),
      ),
      iso2022jp(
        adt({
          trigger: 'A01',
          controlId: 'B-2',
          visit: 'V-b2',
          patientId: 'P2',
          name: ['渡邊', '花子'],
          kana: ['ワタナベ', 'ハナコ'],
          at: '202612040901',
          charset: '~ISO IR87',
        }),
      ),
      utf8(
        adt({
          trigger: 'A16',
          controlId: 'B-3',
          visit: 'V-b1',
          patientId: 'P1',
          at: '202612040902',
          expectedDischarge: '20261220',
        }),
      ),
      iso2022jp(
        adt({
          trigger: 'A02',
          controlId: 'B-4',
          visit: 'V-b2',
          patientId: 'P2',
          at: '202612040903',
          ward: '5W',
          name: ['渡邊', '花子'],
          charset: '~ISO IR87',
        }),
      ),
      utf8(
        adt({
          trigger: 'A03',
          controlId: 'B-5',
          visit: 'V-b1',
          patientId: 'P1',
          at: '202612040904',
          disposition: '01',
        }),
      ),
    ];
    for (const m of messages) expect(await sendMllp(bridge.mllpPort!, m)).toBe('AA');
    // The HIS resends a message it had no ACK for: ACKed again, spooled once.
    expect(await sendMllp(bridge.mllpPort!, messages[2]!)).toBe('AA');
    await waitUntil(() => bridge.logs.some((l) => l.includes('"retry"')), 10_000, 'a retry while renkei is down');
    await bridge.kill();
    expect(await typesOf('V-b1')).toEqual([]);

    await proxy.up();
    bridge = await startBridge([...args, ...fast], secret);
    await waitUntil(
      async () => (await typesOf('V-b1')).length === 3 && (await typesOf('V-b2')).length === 2,
      20_000,
      () => bridge.logs.join('\n'),
    );
    expect(await typesOf('V-b1')).toEqual(['admitted', 'discharge_planning_started', 'discharged']);
    expect(await typesOf('V-b2')).toEqual(['admitted', 'ward_changed']);
    expect(await patientOf('V-b1')).toMatchObject({ name: '佐藤 一郎', nameKana: 'サトウ イチロウ' });
    expect(await patientOf('V-b2')).toMatchObject({ name: '渡邊 花子', nameKana: 'ワタナベ ハナコ' });

    // renkei goes down while the bridge runs: messages wait in the spool, then arrive once, in order.
    await proxy.down();
    const later = [
      utf8(adt({ trigger: 'A01', controlId: 'B-6', visit: 'V-b3', patientId: 'P3', at: '202612040910' })),
      utf8(adt({ trigger: 'A02', controlId: 'B-7', visit: 'V-b3', patientId: 'P3', at: '202612040911', ward: 'HCU' })),
      utf8(
        adt({
          trigger: 'A16',
          controlId: 'B-8',
          visit: 'V-b3',
          patientId: 'P3',
          at: '202612040912',
          expectedDischarge: '20261218',
        }),
      ),
    ];
    for (const m of later) expect(await sendMllp(bridge.mllpPort!, m)).toBe('AA');
    const retries = () => bridge.logs.filter((l) => l.includes('"retry"')).length;
    await waitUntil(() => retries() > 0, 10_000, 'retries while renkei is down');
    await proxy.up();
    await waitUntil(
      async () => (await typesOf('V-b3')).length === 3,
      20_000,
      () => bridge.logs.join('\n'),
    );
    expect(await typesOf('V-b3')).toEqual(['admitted', 'ward_changed', 'discharge_planning_started']);
    const keys = (await db().select().from(caseEvents)).map((e) => e.dedupeKey).filter((k) => k?.includes(':hl7:B-'));
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.length).toBe(8);
    // Its log names messages by MSH-10, never a name or birth date.
    expect(bridge.logs.join('\n')).not.toMatch(/佐藤|一郎|渡邊|サトウ|19410502|1941-05-02/);
    await bridge.stop();
    await proxy.down();
  });

  it('SS-MIX2: new ADT-22/51/52 files in the standard layout are forwarded, oldest first; other data types and deleted files are not', async () => {
    const root = join(dir, 'ss-mix2');
    const write = async (
      patient: string,
      date: string,
      type: string,
      stamp: string,
      flag: string,
      body: Uint8Array,
    ) => {
      const folder = join(root, patient.slice(0, 3), patient.slice(3, 6), patient, date, type);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${patient}_${date}_${type}_000000000000001_${stamp}_01_${flag}`), body);
    };
    const patient = '0012345678';
    const msg = (o: Parameters<typeof adt>[0]) => utf8(adt({ visit: 'V-ss', patientId: patient, ...o }));
    // SS-MIX2 file names: patient, date ('-' for undated), data type, stamp, flag ('1' current, '0' deleted).
    const files: [string, string, string, string, Parameters<typeof adt>[0]][] = [
      [
        '20261204',
        'ADT-52',
        '20261204100000000',
        '1',
        { trigger: 'A03', controlId: 'S-3', at: '202612041000', disposition: '01' },
      ],
      ['20261204', 'ADT-22', '20261204080000000', '1', { trigger: 'A01', controlId: 'S-1', at: '202612040800' }],
      [
        '20261204',
        'ADT-51',
        '20261204090000000',
        '1',
        { trigger: 'A16', controlId: 'S-2', at: '202612040900', expectedDischarge: '20261204' },
      ],
      // Not a type the bridge forwards (ADT-00), nor a deleted file: neither reaches renkei.
      [
        '-',
        'ADT-00',
        '20261204070000000',
        '1',
        { trigger: 'A08', controlId: 'S-0', at: '202612040700', name: ['別人', '太郎'] },
      ],
      ['20261204', 'ADT-22', '20261204070000000', '0', { trigger: 'A11', controlId: 'S-x', at: '202612040700' }],
    ];
    for (const [date, type, stamp, flag, o] of files) await write(patient, date, type, stamp, flag, msg(o));
    const bridge = await startBridge(
      [
        '--ss-mix2',
        root,
        '--to',
        s.base,
        '--hospital',
        HOSPITAL,
        '--spool',
        join(dir, 'ss-spool.db'),
        '--scan-ms',
        '100',
      ],
      secret,
    );
    try {
      await waitUntil(
        async () => (await typesOf('V-ss')).length === 3,
        20_000,
        () => bridge.logs.join('\n'),
      );
      expect(await typesOf('V-ss')).toEqual(['admitted', 'discharge_planning_started', 'discharged']);
      expect(await patientOf('V-ss')).toMatchObject({ name: '山田 太郎' });
      await new Promise((r) => setTimeout(r, 500));
      expect(bridge.logs.filter((l) => l.includes('"spooled"')).length).toBe(3);
    } finally {
      await bridge.stop();
    }
  });
});
