import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeProfiles } from './lib/cpuProfile.js';
import { type LoadResult, renkeiRequest, runStoryLoad } from './lib/load.js';
import { machineLoadMeter } from './lib/machineLoad.js';
import { cpuMs, peakRssMiB } from './lib/proc.js';
import { startRenkei } from './lib/renkei.js';
import type { Glance, Table } from './lib/report.js';
import { probeSlowSync, slowSyncWrapper } from './lib/slowSync.js';
import { round } from './lib/stats.js';
import { captureEventWrites, discardCapture, type LimitResult, replayLimit, syncLatency } from './limit.js';
import type { Profile } from './profile.js';

export interface PipelineRun extends LoadResult {
  label: string;
  groupCommit: boolean;
  cpuMsPerEvent: number;
  peakRssMiB: number;
  /** From the server's group committer: events per transaction. */
  eventsPerGroup: number | null;
  /** Share of the 2 cores used by other processes on this machine during the measured load. */
  otherLoad: number;
  /** Events answered during the warm-up (a profile covers both). */
  warmupOk: number;
}

/** One server process, warmed up, then measured under `connections` concurrent clients. */
export async function measurePipeline(
  profile: Profile,
  label: string,
  connections: number,
  groupCommit: boolean,
  nodeArgs: string[] = [],
  options: { wrap?: string[]; env?: Record<string, string> } = {},
): Promise<PipelineRun> {
  const server = await startRenkei({
    dir: profile.dir,
    env: { RENKEI_GROUP_COMMIT: groupCommit ? '1' : '0', ...options.env },
    nodeArgs,
    wrap: options.wrap,
  });
  try {
    const request = renkeiRequest(server);
    const warm = await runStoryLoad({
      base: server.base,
      connections,
      durationS: profile.warmupS,
      prefix: `${label}-warm`,
      hospitals: server.hospitals,
      request,
    });
    const pid = server.serverPid;
    const cpu0 = cpuMs(pid);
    const meter = machineLoadMeter([pid]);
    const load = await runStoryLoad({
      base: server.base,
      connections,
      durationS: profile.loadS,
      prefix: label,
      hospitals: server.hospitals,
      request,
    });
    const otherLoad = meter.otherShare();
    const cpu = cpuMs(pid) - cpu0;
    const rss = peakRssMiB(pid);
    await server.child.stop();
    const stats = server.child.tail.map((l) => l.match(/^\{"groupCommit":(.*)\}$/)?.[1]).find(Boolean);
    const group = stats ? (JSON.parse(stats) as { groups: number; events: number }) : null;
    return {
      ...load,
      label,
      groupCommit,
      cpuMsPerEvent: cpu / Math.max(1, load.ok),
      peakRssMiB: rss,
      otherLoad,
      warmupOk: warm.ok,
      eventsPerGroup: group && group.groups > 0 ? group.events / group.groups : null,
    };
  } finally {
    await server.close();
  }
}

const RUN_COLUMNS = [
  'run',
  'clients',
  'events/s',
  'p50 ms',
  'p99 ms',
  'server CPU ms/event',
  'peak RSS MiB',
  'events/transaction',
  'unexpected answers',
  'other load on the cores',
];

/** One load run as a table row (RUN_COLUMNS). */
function runCells(r: PipelineRun): (string | number)[] {
  return [
    r.label,
    r.connections,
    round(r.eventsPerS, 0),
    r.p50Ms,
    r.p99Ms,
    round(r.cpuMsPerEvent),
    round(r.peakRssMiB, 0),
    r.eventsPerGroup === null ? 1 : round(r.eventsPerGroup, 1),
    r.unexpected + r.errors + r.timeouts,
    `${Math.round(r.otherLoad * 100)}%`,
  ];
}

interface Round {
  limit: LimitResult;
  sync: { p50Ms: number; p99Ms: number };
  runs: PipelineRun[];
  /** The first run again with one mean off each (AB). */
  ab: PipelineRun[];
  ratios: { pipelineOverLimit: number; groupCommitOverLimit: number; groupCommitOverPipeline64: number };
}

/** The same loads on slow storage: every sync of the server held `delayUs` longer (strace). */
interface SlowStorage {
  delayUs: number;
  syncMs: number;
  single: PipelineRun;
  grouped: PipelineRun;
}

export interface IngestResult {
  rounds: Round[];
  median: Round['ratios'];
  slow: SlowStorage | { unavailable: string };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const PLAN = (profile: Profile) =>
  [
    ['pipeline', profile.connections, false],
    ['pipeline', 64, false],
    ['group commit', 64, true],
  ] as const;

/** Each of the means switched off alone, at the first run's load: what it is worth, side by side. */
const AB = [
  ['without directory cache', { RENKEI_DIRECTORY_CACHE: '0' }],
  ['without statement cache', { RENKEI_STATEMENT_CACHE: '0' }],
] as const;

/**
 * Ingest, its storage limit and group commit, side by side: on 2 shared cores absolute rates
 * drift, so each round measures all of them back to back and ratios are taken within a round.
 */
export async function ingestBench(profile: Profile): Promise<{ tables: Table[]; raw: IngestResult; glance: Glance[] }> {
  console.log(
    `ingest: capturing the atomic writes of ${profile.limitStays} stays (${profile.limitStays * 7} events) for the limit`,
  );
  const captured = await captureEventWrites({ stays: profile.limitStays, dir: profile.dir });
  const rounds: Round[] = [];
  try {
    for (let r = 1; r <= profile.rounds; r++) {
      console.log(`ingest round ${r}/${profile.rounds}: limit`);
      const sync = await syncLatency(profile.dir);
      const limit = await replayLimit(captured);
      const runs: PipelineRun[] = [];
      for (const [label, connections, group] of PLAN(profile)) {
        console.log(
          `ingest round ${r}/${profile.rounds}: ${label}, ${connections} clients (${profile.warmupS} s warm-up, ${profile.loadS} s measured)`,
        );
        runs.push(await measurePipeline(profile, label.replace(' ', '-'), connections, group));
      }
      const ab: PipelineRun[] = [];
      for (const [label, env] of AB) {
        console.log(`ingest round ${r}/${profile.rounds}: pipeline ${label}, ${profile.connections} clients`);
        ab.push(await measurePipeline(profile, `pipeline ${label}`, profile.connections, false, [], { env }));
      }
      const single = limit.single.eventsPerS;
      const grouped = runs.find((x) => x.groupCommit)!;
      const plain64 = runs.find((x) => !x.groupCommit && x.connections === 64)!;
      rounds.push({
        limit,
        sync,
        runs,
        ab,
        ratios: {
          pipelineOverLimit: Math.max(...runs.filter((x) => !x.groupCommit).map((x) => x.eventsPerS)) / single,
          groupCommitOverLimit: grouped.eventsPerS / single,
          groupCommitOverPipeline64: grouped.eventsPerS / plain64.eventsPerS,
        },
      });
    }
  } finally {
    await discardCapture(captured);
  }
  const slow = await slowStorage(profile);
  const med = {
    pipelineOverLimit: median(rounds.map((x) => x.ratios.pipelineOverLimit)),
    groupCommitOverLimit: median(rounds.map((x) => x.ratios.groupCommitOverLimit)),
    groupCommitOverPipeline64: median(rounds.map((x) => x.ratios.groupCommitOverPipeline64)),
  };
  const tables: Table[] = [
    {
      title: 'Ingest: signed webhooks over loopback (autocannon in the bench process, the server in its own)',
      columns: ['round', ...RUN_COLUMNS],
      rows: rounds.flatMap((x, i) => x.runs.map((r) => [i + 1, ...runCells(r)])),
    },
    {
      title: 'The storage limit: the same statements, no HTTP, no validation, no machine',
      notes: rounds.map(
        (x, i) =>
          `round ${i + 1}: one sync to this disk (write 4 KiB + fdatasync) takes ${round(x.sync.p50Ms, 3)} ms p50, ${round(x.sync.p99Ms, 2)} ms p99`,
      ),
      columns: ['round', 'commit', 'events', 'statements/event', 'events/s', 'p50 ms', 'p99 ms', 'CPU ms/event'],
      rows: rounds.flatMap((x, i) => [
        [
          i + 1,
          'one event per transaction',
          x.limit.events / 2,
          round(x.limit.statementsPerEvent, 1),
          round(x.limit.single.eventsPerS, 0),
          round(x.limit.single.p50Ms),
          round(x.limit.single.p99Ms),
          round(x.limit.single.cpuMsPerEvent),
        ],
        [
          i + 1,
          `${x.limit.grouped.groupSize} events per transaction`,
          x.limit.events / 2,
          round(x.limit.statementsPerEvent, 1),
          round(x.limit.grouped.eventsPerS, 0),
          '',
          '',
          round(x.limit.grouped.cpuMsPerEvent),
        ],
      ]),
    },
    {
      title: `Ratios (within each round; median of ${rounds.length})`,
      columns: ['ratio', ...rounds.map((_, i) => `round ${i + 1}`), 'median', 'goal'],
      rows: [
        [
          'pipeline / limit (best single-transaction run / one event per transaction)',
          ...rounds.map((x) => round(x.ratios.pipelineOverLimit)),
          round(med.pipelineOverLimit),
          '≥ 0.5',
        ],
        [
          'group commit at 64 clients / limit (one event per transaction)',
          ...rounds.map((x) => round(x.ratios.groupCommitOverLimit)),
          round(med.groupCommitOverLimit),
          '≥ 2',
        ],
        [
          'group commit / single-transaction pipeline, both at 64 clients',
          ...rounds.map((x) => round(x.ratios.groupCommitOverPipeline64)),
          round(med.groupCommitOverPipeline64),
          '',
        ],
      ],
    },
  ];
  tables.push(abTable(rounds));
  tables.push(slowStorageTable(slow));
  if (profile.cpuProfile) tables.push(await whereTimeGoes(profile));
  return { tables, raw: { rounds, median: med, slow }, glance: ingestGlance(rounds, med, slow) };
}

const INGEST = 'npm run bench -- ingest';

/** The means, each off against all on, within each round (the all-on run is the round's first). */
function abTable(rounds: Round[]): Table {
  return {
    title: `A/B: the single-transaction pipeline with every mean on, and with one off (within each round)`,
    columns: ['round', 'run', 'clients', 'events/s', 'p99 ms', 'server CPU ms/event', 'CPU per event vs all on'],
    rows: rounds.flatMap((x, i) => {
      const on = x.runs[0]!;
      return [on, ...x.ab].map((r) => [
        i + 1,
        r === on ? 'pipeline, all on' : r.label,
        r.connections,
        round(r.eventsPerS, 0),
        r.p99Ms,
        round(r.cpuMsPerEvent),
        r === on
          ? ''
          : `${r.cpuMsPerEvent >= on.cpuMsPerEvent ? '+' : ''}${round((r.cpuMsPerEvent / on.cpuMsPerEvent - 1) * 100, 0)}%`,
      ]);
    }),
  };
}

/** The ingest figures against their goals; within-round medians, as the tables above. */
function ingestGlance(rounds: Round[], med: Round['ratios'], slow: IngestResult['slow']): Glance[] {
  const singles = rounds.flatMap((x) => x.runs.filter((r) => !r.groupCommit));
  const p99At64 = median(singles.filter((r) => r.connections === 64).map((r) => r.p99Ms));
  const cpu = median(singles.map((r) => r.cpuMsPerEvent));
  const range = (xs: number[], digits = 2) => `${round(Math.min(...xs), digits)}–${round(Math.max(...xs), digits)}`;
  const rows: Glance[] = [
    {
      what: 'pipeline / storage limit (one process, one transaction per event)',
      figure: `**${round(med.pipelineOverLimit)}** (median of ${rounds.length} rounds; ${range(rounds.map((x) => x.ratios.pipelineOverLimit))})`,
      goal: '≥ 0.5',
      met: med.pipelineOverLimit >= 0.5,
      command: INGEST,
    },
    {
      what: 'group commit at 64 clients / limit',
      figure: `**${round(med.groupCommitOverLimit)}** (${range(rounds.map((x) => x.ratios.groupCommitOverLimit))}); group commit / single transaction at 64 clients: ${round(med.groupCommitOverPipeline64)}`,
      goal: '≥ 2',
      met: med.groupCommitOverLimit >= 2,
      command: INGEST,
    },
    {
      what: 'p99 at 64 clients, single-transaction pipeline',
      figure: `**${round(p99At64, 0)} ms** (median; ${range(
        singles.filter((r) => r.connections === 64).map((r) => r.p99Ms),
        0,
      )} ms)`,
      goal: '≤ 150 ms',
      met: p99At64 <= 150,
      command: INGEST,
    },
    {
      what: 'server CPU per event (single-transaction pipeline, every run)',
      figure: `**${round(cpu)} ms** (median; ${range(singles.map((r) => r.cpuMsPerEvent))} ms)`,
      goal: '≤ 1.0 ms',
      met: cpu <= 1,
      command: INGEST,
    },
  ];
  const on = median(rounds.map((x) => x.runs[0]!.cpuMsPerEvent));
  rows.push({
    what: 'A/B, single transaction at 16 clients: server CPU per event with every mean on, and with one off',
    figure: [
      `all on ${round(on)} ms`,
      ...AB.map(([label], k) => `${label} ${round(median(rounds.map((x) => x.ab[k]!.cpuMsPerEvent)))} ms`),
    ].join('; '),
    goal: '',
    met: null,
    command: INGEST,
  });
  rows.push(
    'unavailable' in slow
      ? {
          what: 'slow storage: group commit / single transaction at 64 clients',
          figure: `not measured: ${slow.unavailable}`,
          goal: '',
          met: null,
          command: INGEST,
        }
      : {
          what: `slow storage (every sync +${slow.delayUs / 1000} ms, ${round(slow.syncMs, 1)} ms in all): single transaction → group commit at 64 clients`,
          figure: `${round(slow.single.eventsPerS, 0)} → ${round(slow.grouped.eventsPerS, 0)} events/s (**${round(slow.grouped.eventsPerS / slow.single.eventsPerS)}×**); p99 ${round(slow.single.p99Ms, 0)} → ${round(slow.grouped.p99Ms, 0)} ms`,
          goal: '',
          met: null,
          command: INGEST,
        },
  );
  return rows;
}

/** Single transaction and group commit at 64 clients with every server sync held `slowSyncUs` longer. */
async function slowStorage(profile: Profile): Promise<IngestResult['slow']> {
  const delayUs = profile.slowSyncUs;
  const probe = probeSlowSync(delayUs);
  if ('unavailable' in probe) {
    console.log(`ingest: slow storage not measured (${probe.unavailable})`);
    return probe;
  }
  const wrap = slowSyncWrapper(delayUs);
  console.log(
    `ingest: slow storage (every sync +${delayUs} µs; ${round(probe.syncMs, 2)} ms a sync): single transaction, 64 clients`,
  );
  const single = await measurePipeline(profile, 'slow-pipeline', 64, false, [], { wrap });
  console.log('ingest: slow storage: group commit, 64 clients');
  const grouped = await measurePipeline(profile, 'slow-group-commit', 64, true, [], { wrap });
  return { delayUs, syncMs: probe.syncMs, single, grouped };
}

function slowStorageTable(slow: IngestResult['slow']): Table {
  if ('unavailable' in slow)
    return { title: 'Slow storage', columns: ['run'], rows: [], notes: [`not measured: ${slow.unavailable}`] };
  return {
    title: `Slow storage: every fsync/fdatasync of the server held ${slow.delayUs / 1000} ms longer (strace --seccomp-bpf -e inject=…:delay_exit=${slow.delayUs})`,
    columns: RUN_COLUMNS,
    rows: [slow.single, slow.grouped].map(runCells),
    notes: [
      `one 4 KiB write + fdatasync under the wrapper took ${round(slow.syncMs, 2)} ms (median of 20) when this run began`,
      'the server is traced for the sync calls only (seccomp-bpf): its other system calls run at full speed',
    ],
  };
}

/** One more single-transaction run under V8's sampling profiler: where an event's time goes. */
async function whereTimeGoes(profile: Profile): Promise<Table> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-prof-'));
  try {
    console.log(`ingest: profiling the server, ${profile.connections} clients`);
    const run = await measurePipeline(profile, 'profiled', profile.connections, false, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
    ]);
    const events = run.ok + run.warmupOk;
    const buckets = await summarizeProfiles(dir);
    return {
      title: `Where the server's main-thread time goes (V8 profile, single-transaction pipeline, ${profile.connections} clients, ${round(run.eventsPerS, 0)} events/s)`,
      columns: ['where (self time)', 'share', 'ms per event'],
      rows: buckets.slice(0, 16).map((b) => [b.bucket, `${round(b.share * 100, 1)}%`, round(b.ms / events, 3)]),
      notes: [
        'Synchronous native calls are charged to their caller: libsql includes SQLite, its page I/O and fsync; idle time is left out.',
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
