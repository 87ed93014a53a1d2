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
  /** --profile: one more ingest run under V8's profiler. */
  cpuProfile: boolean;
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
    cpuProfile: args.includes('--profile'),
  };
}
