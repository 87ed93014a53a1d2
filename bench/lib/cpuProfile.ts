import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a sample's time is charged: the package, our top folder, or the runtime. */
function bucket(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const own = url.match(/\/(engine|functions|machines|db|regions|notifiers|bench)\//);
  if (own) return `renkei ${own[1]}/`;
  if (url.startsWith('node:'))
    return `node ${url
      .slice(5)
      .replace(/^internal\//, '')
      .split('/')[0]!
      .replace(/^_/, '')}`;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'native';
  return 'other';
}

/**
 * Self time by bucket (ms, and share of the busy time; idle samples are left out). A V8 profile samples the main thread: time
 * spent inside a synchronous native call (libsql's statement run, fsync included) is charged to
 * that call, so this is where the event loop's time goes, not CPU alone.
 */
export async function summarizeProfiles(dir: string): Promise<{ bucket: string; ms: number; share: number }[]> {
  const totals = new Map<string, number>();
  let all = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i] ?? 0;
      const b = bucket(byId.get(id)!.callFrame);
      if (b === '(idle)') return;
      totals.set(b, (totals.get(b) ?? 0) + dt);
      all += dt;
    });
  }
  return [...totals].map(([b, t]) => ({ bucket: b, ms: t / 1000, share: t / all })).sort((a, b) => b.share - a.share);
}

/** V8's profiler on this process's main thread, from now until `stop`, which writes the profile into `dir`. */
export async function startCpuProfile(): Promise<{ stop(dir: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(dir) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(join(dir, `dispatch-${process.pid}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}
