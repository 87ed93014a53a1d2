import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Slow storage without a slow disk: strace, filtered by seccomp-bpf to the sync calls only, holds
 * every fsync/fdatasync of the server `delayUs` microseconds after the kernel returns it — what a
 * disk whose cache flush costs that long does to a durable commit. Other syscalls run untraced.
 */
export function slowSyncWrapper(delayUs: number): string[] {
  return [
    'strace',
    '-f',
    '-qq',
    '-o',
    '/dev/null',
    '--seccomp-bpf',
    '-e',
    'trace=fsync,fdatasync',
    '-e',
    `inject=fsync,fdatasync:delay_exit=${delayUs}`,
  ];
}

/**
 * Whether the wrapper works here (strace installed, ptrace allowed) and what a sync costs under
 * it: 20 fsyncs of a 4 KiB write, median in ms. Null and the reason when it does not work.
 */
export function probeSlowSync(delayUs: number): { syncMs: number } | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-slowsync-'));
  const script = `const fs=require('node:fs');const fd=fs.openSync(${JSON.stringify(join(dir, 's.bin'))},'w');const b=Buffer.alloc(4096,7);const xs=[];for(let i=0;i<20;i++){const t=performance.now();fs.writeSync(fd,b,0,4096,0);fs.fdatasyncSync(fd);xs.push(performance.now()-t)}xs.sort((a,b)=>a-b);console.log(xs[10])`;
  try {
    const [command, ...args] = slowSyncWrapper(delayUs);
    const out = execFileSync(command!, [...args, process.execPath, '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const syncMs = Number(out.trim());
    if (!(syncMs >= delayUs / 1000)) return { unavailable: `a sync took ${syncMs} ms under strace: no delay injected` };
    return { syncMs };
  } catch (e) {
    return { unavailable: `strace does not run here: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
