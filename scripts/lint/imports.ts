// The import graph's rules, checked by `npm run lint`:
//   1. no import cycles between files (type-only imports count: a type cycle still ties files together);
//   2. a room of engine/ is entered only through its index.ts (its own files and its own tests excepted);
//   3. no cycles between rooms, even where the files themselves do not form one;
//   4. each top-level folder imports only the layers below it (machines/ stays pure, notifiers/ never
//      reach the Node-only db/client.ts, db/ never imports engine/).
// madge builds the graph; the rules are ours, since no tool knows what a room is.
import madge from 'madge';

const FOLDERS = ['engine', 'functions', 'db', 'machines', 'notifiers', 'regions', 'scripts', 'bench', 'test', 'bridge'];

/** What each top-level folder may import from the project (besides itself). */
const LAYERS: Record<string, RegExp> = {
  machines: /^machines\//,
  regions: /^(regions|machines)\//,
  db: /^(db|machines)\//,
  notifiers: /^(notifiers|machines|regions)\/|^db\/(database|schema)\.ts$/,
  engine: /^(engine|db|machines|notifiers|regions)\//,
  functions: /^(functions|engine|db|machines|notifiers|regions)\//,
  // The hospital-side bridge: signs with engine/crypto and reads messages with engine/hl7, nothing else.
  bridge: /^(bridge\/|engine\/(crypto|hl7)\/)/,
};

const roomOf = (file: string) => /^engine\/([^/]+)\/./.exec(file)?.[1] ?? null;

export async function importProblems(): Promise<string[]> {
  const result = await madge(FOLDERS, {
    baseDir: '.',
    fileExtensions: ['ts', 'tsx'],
    tsConfig: 'tsconfig.json',
    excludeRegExp: [/^bench\/peer\//, /node_modules/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  const graph = result.obj();
  const problems: string[] = [];

  for (const cycle of result.circular()) problems.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);

  const roomEdges = new Map<string, Map<string, string>>(); // room → room → one file edge that makes it
  for (const [from, targets] of Object.entries(graph)) {
    const top = from.split('/')[0] ?? '';
    for (const to of targets) {
      const layer = LAYERS[top];
      if (layer && !layer.test(to))
        problems.push(`layer: ${from} imports ${to} (${top}/ may import only ${layer.source})`);
      const toRoom = roomOf(to);
      const fromRoom = roomOf(from);
      if (toRoom && fromRoom !== toRoom && !to.endsWith('/index.ts') && !from.startsWith(`test/engine/${toRoom}/`)) {
        problems.push(`room: ${from} reaches into engine/${toRoom}/ (import engine/${toRoom}/index.ts instead): ${to}`);
      }
      if (fromRoom && toRoom && fromRoom !== toRoom) {
        const out = roomEdges.get(fromRoom) ?? new Map<string, string>();
        if (!out.has(toRoom)) out.set(toRoom, `${from} → ${to}`);
        roomEdges.set(fromRoom, out);
      }
    }
  }

  // Rooms form a DAG: depth-first search, reporting the first back edge of each cycle.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (room: string, path: string[]) => {
    state.set(room, 'visiting');
    for (const [next, why] of roomEdges.get(room) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(next)), room, next];
        problems.push(`room cycle: ${cycle.join(' → ')} (closing edge: ${why})`);
      } else if (!state.has(next)) visit(next, [...path, room]);
    }
    state.set(room, 'done');
  };
  for (const room of roomEdges.keys()) if (!state.has(room)) visit(room, []);
  return problems;
}

const problems = await importProblems();
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`${problems.length} import problem(s)`);
  process.exit(1);
}
console.log('imports: no cycles, rooms entered through their index.ts, layers respected');
