import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measurePipeline, median, type PipelineRun } from './ingest.js';
import { type LoadResult, type RequestFor, renkeiRequest, runStoryLoad, type Target } from './lib/load.js';
import { machineLoadMeter } from './lib/machineLoad.js';
import { type Child, cpuMs, freePort, peakRssMiB, ROOT, startChild, tsxArgs } from './lib/proc.js';
import type { Glance, Table } from './lib/report.js';
import { round } from './lib/stats.js';
import type { Profile } from './profile.js';

const PEER = join(ROOT, 'bench', 'peer');
/**
 * The native binary itself, not the package's `bin` (a Node wrapper that spawns it): the server's
 * CPU and memory must be read from the process that does the work.
 */
const SERVER_BIN = join(
  PEER,
  'node_modules',
  '@restatedev',
  `restate-server-${process.platform}-${process.arch}`,
  'bin',
  'restate-server',
);

/** The peer is installed only inside bench/peer, on first use, from its own lock file. */
function ensureInstalled(): string {
  if (!existsSync(SERVER_BIN)) {
    console.log('peer: installing @restatedev/restate-server and @restatedev/restate-sdk into bench/peer (npm ci)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER, stdio: 'inherit' });
  }
  return execFileSync(SERVER_BIN, ['--version']).toString().trim();
}

/** The same story and the same signed bodies, sent to the object's handler through Restate's ingress. */
function restateRequest(target: Target): RequestFor {
  const renkei = renkeiRequest(target);
  return (n, index, encounter, hospital) => {
    const r = renkei(n, index, encounter, hospital);
    return {
      ...r,
      path: `/Hospitalization/${hospital.id}:${encounter}/event`,
      headers: { ...r.headers, 'idempotency-key': r.headers['webhook-id']! },
    };
  };
}

interface Peer {
  server: Child;
  service: Child;
  ingress: string;
  dir: string;
  target: Target;
  close(): Promise<void>;
}

export async function startPeer(profile: Profile): Promise<Peer> {
  const dir = await mkdtemp(join(profile.dir ?? tmpdir(), 'renkei-restate-'));
  const [fabric, ingress, admin, servicePort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // Restate's defaults (24 partitions, fsync on), on loopback, without telemetry.
  await writeFile(
    join(dir, 'restate.toml'),
    [
      'disable-telemetry = true',
      `bind-address = "127.0.0.1:${fabric}"`,
      '[ingress]',
      `bind-address = "127.0.0.1:${ingress}"`,
      '[admin]',
      `bind-address = "127.0.0.1:${admin}"`,
      '',
    ].join('\n'),
  );
  const server = await startChild(
    SERVER_BIN,
    [
      '--no-logo',
      '--listen-mode',
      'tcp',
      '--base-dir',
      join(dir, 'data'),
      '--config-file',
      join(dir, 'restate.toml'),
      '--log-format',
      'json',
    ],
    {
      ready: (line) => line.includes('Ingress HTTP listening'),
      timeoutMs: 120_000,
    },
  );
  const hospitals = [
    'sanda-aino',
    'sanda-hirashima',
    'sanda-hyogo-chuo',
    'sanda-kogen',
    'sanda-nishi',
    'sanda-onsen',
    'sanda-reha',
    'sanda-shimin',
  ].map((id) => ({ id, secret: `whsec_${randomBytes(24).toString('base64')}` }));
  const careOffices = Array.from({ length: 20 }, (_, i) => `sanda-bench-office-${String(i + 1).padStart(3, '0')}`);
  const hours = { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] };
  const service = await startChild(process.execPath, tsxArgs('bench/peer/service.ts'), {
    env: {
      PORT: String(servicePort),
      PEER_SECRETS: JSON.stringify(Object.fromEntries(hospitals.map((h) => [h.id, h.secret]))),
      PEER_OFFICES: JSON.stringify(
        Object.fromEntries(careOffices.map((id) => [id, { id, kind: 'home_care_office', businessHours: hours }])),
      ),
    },
    ready: (line) => line.startsWith('{"ready":'),
  });
  const close = async () => {
    await service.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const adminBase = `http://127.0.0.1:${admin}`;
    for (let i = 0; ; i++) {
      const health = await fetch(`${adminBase}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (health === 200) break;
      if (i > 100) throw new Error('restate admin API did not come up');
      await new Promise((r) => setTimeout(r, 200));
    }
    const reg = await fetch(`${adminBase}/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uri: `http://127.0.0.1:${servicePort}` }),
    });
    if (reg.status >= 300) throw new Error(`registering the service with Restate: ${reg.status} ${await reg.text()}`);
  } catch (e) {
    await close();
    throw e;
  }
  return { server, service, ingress: `http://127.0.0.1:${ingress}`, dir, target: { hospitals, careOffices }, close };
}

interface PeerRun extends LoadResult {
  label: string;
  cpuMsPerEvent: number;
  peakRssMiB: number;
  otherLoad: number;
}

async function measureRestate(profile: Profile, connections: number): Promise<PeerRun> {
  const peer = await startPeer(profile);
  try {
    const request = restateRequest(peer.target);
    const load = (prefix: string, durationS: number) =>
      runStoryLoad({
        base: peer.ingress,
        connections,
        durationS,
        prefix,
        hospitals: peer.target.hospitals,
        request,
        expectStatus: 200,
      });
    await load('restate-warm', profile.warmupS);
    const pids = [peer.server.pid, peer.service.pid];
    const cpu0 = pids.reduce((s, p) => s + cpuMs(p), 0);
    const meter = machineLoadMeter(pids);
    const result = await load('restate', profile.loadS);
    const otherLoad = meter.otherShare();
    const cpu = pids.reduce((s, p) => s + cpuMs(p), 0) - cpu0;
    return {
      ...result,
      label: 'Restate',
      cpuMsPerEvent: cpu / Math.max(1, result.ok),
      peakRssMiB: pids.reduce((s, p) => s + peakRssMiB(p), 0),
      otherLoad,
    };
  } finally {
    await peer.close();
  }
}

export async function peerBench(profile: Profile): Promise<{ tables: Table[]; raw: unknown; glance: Glance[] }> {
  let version: string;
  try {
    version = ensureInstalled();
  } catch (e) {
    const message = (e as Error).message;
    console.error(`peer: Restate could not be installed here: ${message}`);
    return {
      tables: [
        { title: 'Restate peer: not run', columns: ['error'], rows: [[message.replace(/\|/g, '\\|').slice(0, 500)]] },
      ],
      raw: { error: message },
      glance: [
        {
          what: 'renkei / Restate, the same workflow and generator',
          figure: `not measured: Restate could not be installed (${message.split('\n')[0]!.slice(0, 120)})`,
          goal: '≥ 1.5× at both',
          met: null,
          command: 'npm run bench -- peer',
        },
      ],
    };
  }
  console.log(`peer: ${version}`);
  const rows: ((PipelineRun | PeerRun) & { round: number })[] = [];
  const clients = [profile.connections, 64];
  for (let round = 1; round <= profile.rounds; round++) {
    for (const connections of clients) {
      console.log(`peer round ${round}/${profile.rounds}: Restate, ${connections} clients`);
      rows.push({ round, ...(await measureRestate(profile, connections)) });
      console.log(`peer round ${round}/${profile.rounds}: renkei, ${connections} clients`);
      rows.push({ round, ...(await measurePipeline(profile, 'renkei', connections, false)) });
      console.log(`peer round ${round}/${profile.rounds}: renkei with group commit, ${connections} clients`);
      rows.push({ round, ...(await measurePipeline(profile, 'renkei-group-commit', connections, true)) });
    }
  }
  const rate = (label: string, c: number, r: number) =>
    rows.find((x) => x.label === label && x.connections === c && x.round === r)?.eventsPerS ?? NaN;
  const rounds = Array.from({ length: profile.rounds }, (_, i) => i + 1);
  const ratio = (label: string, c: number) => rounds.map((r) => rate(label, c, r) / rate('Restate', c, r));
  const at = (label: string, c: number) => median(ratio(label, c));
  const pairs = (label: string) => clients.map((c) => `${round(at(label, c))}× at ${c} clients`).join(', ');
  return {
    glance: [
      {
        what: `renkei / Restate (${version}), the same workflow and generator`,
        figure: `**${pairs('renkei')}**; with group commit ${pairs('renkei-group-commit')}`,
        goal: '≥ 1.5× at both',
        met: clients.every((c) => at('renkei', c) >= 1.5) || clients.every((c) => at('renkei-group-commit', c) >= 1.5),
        command: 'npm run bench -- peer',
      },
    ],
    raw: { version, rows },
    tables: [
      {
        title: `The same hospitalization workflow on ${version} and on renkei (same generator, same signed bodies)`,
        columns: [
          'round',
          'system',
          'clients',
          'events/s',
          'p50 ms',
          'p99 ms',
          'CPU ms/event (all server processes)',
          'peak RSS MiB',
          'unexpected answers',
          'other load on the cores',
        ],
        rows: rows.map((r) => [
          r.round,
          r.label,
          r.connections,
          round(r.eventsPerS, 0),
          r.p50Ms,
          r.p99Ms,
          round(r.cpuMsPerEvent),
          round(r.peakRssMiB, 0),
          r.unexpected + r.errors + r.timeouts,
          `${Math.round(r.otherLoad * 100)}%`,
        ]),
      },
      {
        title: `Throughput ratios (within each round; median of ${profile.rounds})`,
        columns: ['clients', 'renkei / Restate', 'median', 'renkei group commit / Restate', 'median'],
        rows: clients.map((c) => [
          c,
          ratio('renkei', c)
            .map((x) => round(x))
            .join(', '),
          round(median(ratio('renkei', c))),
          ratio('renkei-group-commit', c)
            .map((x) => round(x))
            .join(', '),
          round(median(ratio('renkei-group-commit', c))),
        ]),
      },
    ],
  };
}
