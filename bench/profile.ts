/** How long and how big a bench run is: --quick (the default) fits in a few minutes here. */
export interface Profile {
  name: 'quick' | 'full';
  dir: string | undefined;
  warmupS: number;
  loadS: number;
  connections: number;
  /** Ingest rounds: each measures the limit and every pipeline back to back. */
  rounds: number;
  limitStays: number;
  /** Active cases for the scale bench. */
  scales: number[];
  dueTimers: number;
  queryRuns: number;
  /** Notices the dispatch bench sends through SMTP (BENCH_NOTICES overrides). */
  dispatchNotices: number;
  /** Ingest runs under V8's profiler once more (--no-profile skips it). */
  cpuProfile: boolean;
  /** Microseconds added to every server sync for the slow-storage runs (BENCH_SYNC_DELAY_US). */
  slowSyncUs: number;
}

export function profileFrom(args: string[]): Profile {
  const full = args.includes('--full');
  const dirArg = args.find((a) => a.startsWith('--dir='));
  return {
    name: full ? 'full' : 'quick',
    dir: dirArg ? dirArg.slice('--dir='.length) : undefined,
    warmupS: full ? 10 : 3,
    loadS: full ? 30 : 8,
    connections: 16,
    rounds: full ? 3 : 2,
    limitStays: full ? 1500 : 300,
    scales: process.env.BENCH_SCALES
      ? process.env.BENCH_SCALES.split(',').map(Number)
      : full
        ? [1_000, 10_000, 100_000, 1_000_000]
        : [1_000, 10_000, 100_000],
    dueTimers: 200,
    queryRuns: full ? 200 : 60,
    dispatchNotices: Number(process.env.BENCH_NOTICES ?? 1000),
    cpuProfile: !args.includes('--no-profile'),
    slowSyncUs: Number(process.env.BENCH_SYNC_DELAY_US ?? 2000),
  };
}
