import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeProfiles } from './lib/cpuProfile.js';
import { type LoadResult, renkeiRequest, runStoryLoad } from './lib/load.js';
import { machineLoadMeter } from './lib/machineLoad.js';
import { cpuMs, mainThreadCpuMs, peakRssMiB } from './lib/proc.js';
import { startRenkei } from './lib/renkei.js';
import type { Glance, Table } from './lib/report.js';
import { probeSlowSync, slowSyncWrapper } from './lib/slowSync.js';
import { type SnapshotCost, snapshotCost, snapshotCostTable } from './lib/snapshotCost.js';
import { round } from './lib/stats.js';
import { captureEventWrites, discardCapture, type LimitResult, replayLimit, syncLatency } from './limit.js';
import type { Profile } from './profile.js';

export interface PipelineRun extends LoadResult {
  label: string;
  groupCommit: boolean;
  /** The local database's commits on their own thread (RENKEI_WRITE_THREAD, on by default). */
  writeThread: boolean;
  /** The event's read batch on its own thread (RENKEI_READ_THREAD, on by default). */
  readThread: boolean;
  cpuMsPerEvent: number;
  /** The main thread's share: what the event loop that answers HTTP spends. */
  mainCpuMsPerEvent: number;
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
    const main0 = mainThreadCpuMs(pid);
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
    const mainCpu = mainThreadCpuMs(pid) - main0;
    const rss = peakRssMiB(pid);
    await server.child.stop();
    const stats = server.child.tail.map((l) => l.match(/^\{"groupCommit":(.*)\}$/)?.[1]).find(Boolean);
    const group = stats ? (JSON.parse(stats) as { groups: number; events: number }) : null;
    return {
      ...load,
      label,
      groupCommit,
      writeThread: options.env?.RENKEI_WRITE_THREAD !== '0',
      readThread: options.env?.RENKEI_READ_THREAD !== '0',
      cpuMsPerEvent: cpu / Math.max(1, load.ok),
      mainCpuMsPerEvent: mainCpu / Math.max(1, load.ok),
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
  'main-thread CPU ms/event',
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
    round(r.mainCpuMsPerEvent),
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
  /** The same two without the write thread (the path of the last round). */
  singleOnLoop: PipelineRun;
  groupedOnLoop: PipelineRun;
}

export interface IngestResult {
  rounds: Round[];
  snapshot: SnapshotCost;
  median: Round['ratios'];
  slow: SlowStorage | { unavailable: string };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The measured runs: one transaction per event (RENKEI_GROUP_COMMIT=0), then the default path. */
const PLAN = (profile: Profile) =>
  [
    ['pipeline', profile.connections, false],
    ['pipeline', 64, false],
    ['group commit', 64, true],
  ] as const;

/** The path of the last round: every read and commit on the event loop. */
const NO_THREAD = { RENKEI_WRITE_THREAD: '0', RENKEI_READ_THREAD: '0' } as const;

/**
 * Each of the means switched off alone, against the run of PLAN with the same clients and
 * commit: what it is worth, side by side. The last two are the path of the last round (every
 * commit on the event loop) at 64 clients.
 */
const AB = (profile: Profile) =>
  [
    ['without directory cache', { RENKEI_DIRECTORY_CACHE: '0' }, profile.connections, false],
    ['without statement cache', { RENKEI_STATEMENT_CACHE: '0' }, profile.connections, false],
    ['without read thread', { RENKEI_READ_THREAD: '0' }, profile.connections, false],
    ['without read thread', { RENKEI_READ_THREAD: '0' }, 64, true],
    ['without either thread', NO_THREAD, profile.connections, false],
    ['without either thread', NO_THREAD, 64, false],
    ['group commit without either thread', NO_THREAD, 64, true],
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
  let snapshot: SnapshotCost;
  try {
    snapshot = await snapshotCost(captured);
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
      for (const [label, env, connections, group] of AB(profile)) {
        const run = group ? label : `pipeline ${label}`;
        console.log(`ingest round ${r}/${profile.rounds}: ${run}, ${connections} clients`);
        ab.push(await measurePipeline(profile, run, connections, group, [], { env }));
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
  tables.push(snapshotCostTable(snapshot));
  tables.push(slowStorageTable(slow));
  if (profile.cpuProfile) tables.push(await whereTimeGoes(profile));
  return {
    tables,
    raw: { rounds, median: med, slow, snapshot },
    glance: [...ingestGlance(profile, rounds, med, slow), snapshotGlance(snapshot, rounds)],
  };
}

const INGEST = 'npm run bench -- ingest';

/** The run of PLAN an A/B run is compared with: the same clients and the same commit, every mean on. */
function baseOf(x: Round, r: PipelineRun): PipelineRun {
  return x.runs.find((b) => b.connections === r.connections && b.groupCommit === r.groupCommit)!;
}

const change = (now: number, base: number) => `${now >= base ? '+' : ''}${round((now / base - 1) * 100, 0)}%`;

/** The means, each off against all on, within each round. */
function abTable(rounds: Round[]): Table {
  return {
    title: 'A/B: each mean off against every mean on, at the same clients and commit (within each round)',
    columns: [
      'round',
      'run',
      'clients',
      'events/s',
      'p99 ms',
      'server CPU ms/event',
      'main-thread CPU ms/event',
      'events/s vs all on',
      'main-thread CPU vs all on',
    ],
    rows: rounds.flatMap((x, i) =>
      x.ab.map((r) => {
        const on = baseOf(x, r);
        return [
          i + 1,
          r.label,
          r.connections,
          round(r.eventsPerS, 0),
          r.p99Ms,
          round(r.cpuMsPerEvent),
          round(r.mainCpuMsPerEvent),
          change(r.eventsPerS, on.eventsPerS),
          change(r.mainCpuMsPerEvent, on.mainCpuMsPerEvent),
        ];
      }),
    ),
  };
}

/** The ingest figures against their goals; within-round medians, as the tables above. */
function ingestGlance(profile: Profile, rounds: Round[], med: Round['ratios'], slow: IngestResult['slow']): Glance[] {
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
  const defaults = rounds.map((x) => x.runs.find((r) => r.groupCommit)!);
  const p99Default = median(defaults.map((r) => r.p99Ms));
  rows.push({
    what: 'p99 at 64 clients, the default path (group commit; reads and commits on their threads)',
    figure: `**${round(p99Default, 0)} ms** (median; ${range(
      defaults.map((r) => r.p99Ms),
      0,
    )} ms); ${round(median(defaults.map((r) => r.eventsPerS)), 0)} events/s`,
    goal: '≤ 150 ms',
    met: p99Default <= 150,
    command: INGEST,
  });
  rows.push({
    what: "main thread's CPU per event (the event loop that answers HTTP), single transaction / default path",
    figure: `${round(median(singles.map((r) => r.mainCpuMsPerEvent)))} ms / ${round(median(defaults.map((r) => r.mainCpuMsPerEvent)))} ms (server in all: ${round(cpu)} / ${round(median(defaults.map((r) => r.cpuMsPerEvent)))} ms)`,
    goal: '',
    met: null,
    command: INGEST,
  });
  rows.push({
    what: 'A/B: each mean off (against every mean on, same clients and commit): events/s and main-thread CPU per event',
    figure: AB(profile)
      .map(([label, , connections], k) => {
        const pairs = rounds.map((x) => [x.ab[k]!, baseOf(x, x.ab[k]!)] as const);
        const rate = median(pairs.map(([r, on]) => r.eventsPerS / on.eventsPerS));
        const main = median(pairs.map(([r, on]) => r.mainCpuMsPerEvent / on.mainCpuMsPerEvent));
        return `${label} at ${connections}: ${round(rate * 100 - 100, 0)}% events/s, ${main >= 1 ? '+' : ''}${round(main * 100 - 100, 0)}% main-thread CPU`;
      })
      .join('; '),
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
          figure: `${round(slow.single.eventsPerS, 0)} → ${round(slow.grouped.eventsPerS, 0)} events/s (**${round(slow.grouped.eventsPerS / slow.single.eventsPerS)}×**); p99 ${round(slow.single.p99Ms, 0)} → ${round(slow.grouped.p99Ms, 0)} ms. Without the threads (the last round's path): ${round(slow.singleOnLoop.eventsPerS, 0)} → ${round(slow.groupedOnLoop.eventsPerS, 0)} events/s, p99 ${round(slow.singleOnLoop.p99Ms, 0)} → ${round(slow.groupedOnLoop.p99Ms, 0)} ms`,
          goal: '',
          met: null,
          command: INGEST,
        },
  );
  return rows;
}

/** The smaller snapshot, measured: what leaving the rule out would save an event. */
function snapshotGlance(c: SnapshotCost, rounds: Round[]): Glance {
  const saved = c.usPerEventWithRule - c.usPerEventWithoutRule;
  const main = median(rounds.map((x) => x.runs.find((r) => r.groupCommit)!.mainCpuMsPerEvent));
  return {
    what: "a smaller stored snapshot: the region's rule parameters in every snapshot",
    figure: `${round(c.meanRuleBytes, 0)} of ${round(c.meanBytes, 0)} bytes; parse + stringify ${round(c.usPerEventWithRule, 1)} µs an event, ${round(c.usPerEventWithoutRule, 1)} µs without the rule: ${round(saved, 1)} µs saved, ${round((saved / 1000 / main) * 100, 1)}% of the main thread's ${round(main)} ms an event`,
    goal: '',
    met: null,
    command: INGEST,
  };
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
  console.log('ingest: slow storage: both without the threads, 64 clients');
  const singleOnLoop = await measurePipeline(profile, 'slow-pipeline without either thread', 64, false, [], {
    wrap,
    env: NO_THREAD,
  });
  const groupedOnLoop = await measurePipeline(profile, 'slow-group-commit without either thread', 64, true, [], {
    wrap,
    env: NO_THREAD,
  });
  return { delayUs, syncMs: probe.syncMs, single, grouped, singleOnLoop, groupedOnLoop };
}

function slowStorageTable(slow: IngestResult['slow']): Table {
  if ('unavailable' in slow)
    return { title: 'Slow storage', columns: ['run'], rows: [], notes: [`not measured: ${slow.unavailable}`] };
  return {
    title: `Slow storage: every fsync/fdatasync of the server held ${slow.delayUs / 1000} ms longer (strace --seccomp-bpf -e inject=…:delay_exit=${slow.delayUs})`,
    columns: RUN_COLUMNS,
    rows: [slow.single, slow.grouped, slow.singleOnLoop, slow.groupedOnLoop].map(runCells),
    notes: [
      `one 4 KiB write + fdatasync under the wrapper took ${round(slow.syncMs, 2)} ms (median of 20) when this run began`,
      'the server is traced for the sync calls only (seccomp-bpf): its other system calls run at full speed',
    ],
  };
}

/** One more run of the default path (group commit on the write thread) under V8's sampling profiler. */
async function whereTimeGoes(profile: Profile): Promise<Table> {
  const dir = await mkdtemp(join(tmpdir(), 'renkei-prof-'));
  try {
    console.log(`ingest: profiling the server, ${profile.connections} clients`);
    const run = await measurePipeline(profile, 'profiled', profile.connections, true, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
    ]);
    const events = run.ok + run.warmupOk;
    const buckets = await summarizeProfiles(dir);
    return {
      title: `Where the server's main-thread time goes (V8 profile of the main thread, default path: group commit on the write thread, ${profile.connections} clients, ${round(run.eventsPerS, 0)} events/s, main thread ${round(run.mainCpuMsPerEvent)} ms CPU an event)`,
      columns: ['where (self time)', 'share', 'ms per event'],
      rows: buckets.slice(0, 16).map((b) => [b.bucket, `${round(b.share * 100, 1)}%`, round(b.ms / events, 3)]),
      notes: [
        'Synchronous native calls are charged to their caller: libsql includes SQLite (the read batch; the commits run on the write thread, which is not profiled); idle time is left out.',
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
