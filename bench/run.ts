import { coldStartBench } from './coldstart.js';
import { dispatchBench } from './dispatch.js';
import { ingestBench } from './ingest.js';
import { type Glance, glanceTable, machineFacts, publish, type Table } from './lib/report.js';
import { peerBench } from './peer.js';
import { type Profile, profileFrom } from './profile.js';
import { scaleBench } from './scale.js';

type Bench = (profile: Profile) => Promise<{ tables: Table[]; raw: unknown; glance?: Glance[] }>;

const BENCHES: Record<string, { what: string; run: () => Promise<Bench> }> = {
  ingest: { what: 'signed webhooks over loopback, the storage limit and group commit', run: async () => ingestBench },
  dispatch: {
    what: "1,000 notices through a real SMTP server by the sweep's dispatch, 1, 4 and 16 at a time",
    run: async () => dispatchBench,
  },
  coldstart: {
    what: 'process start to first served request, new and existing database',
    run: async () => coldStartBench,
  },
  peer: {
    what: 'the same workflow on Restate (installed into bench/peer on first use), side by side',
    run: async () => peerBench,
  },
  scale: {
    what: 'sweep, stuck list and aggregates at 1k..100k (1M with --full) active cases',
    run: async () => scaleBench,
  },
};

const USAGE = `npm run bench -- [${Object.keys(BENCHES).join('|')}|all] [--quick|--full] [--dir=PATH]
  --quick   (default) a few minutes on 2 cores
  --full    longer loads, more stays, 1M cases in the scale bench
  --no-profile (ingest) skip the run under V8's profiler (where an event's time goes)
  --dir     where the databases go (default: the OS temp dir; it must be a real disk)
${Object.entries(BENCHES)
  .map(([k, v]) => `  ${k.padEnd(10)}${v.what}`)
  .join('\n')}`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const names = args.filter((a) => !a.startsWith('--'));
const selected = names.length === 0 || names.includes('all') ? Object.keys(BENCHES) : names;
const unknown = selected.filter((n) => !BENCHES[n]);
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const profile = profileFrom(args);
console.log(JSON.stringify({ profile: profile.name, ...machineFacts() }));
const glance: Glance[] = [];
const began = performance.now();
for (const name of selected) {
  const started = performance.now();
  const bench = await BENCHES[name]!.run();
  const { tables, raw, glance: rows } = await bench(profile);
  glance.push(...(rows ?? []));
  await publish(`${name}-${profile.name}`, tables, raw);
  console.log(
    `(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s; figures in bench/results/${name}-${profile.name}.json)`,
  );
}
// The issue's figures against their goals, in the shape of BENCHMARKS.md's "At a glance".
if (glance.length > 0) {
  await publish(`glance-${profile.name}`, [glanceTable(glance)], glance);
  console.log(`(all: ${((performance.now() - began) / 1000).toFixed(0)} s)`);
}
