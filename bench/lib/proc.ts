import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used, from /proc: the server is measured from outside. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * CPU time of the process's main thread alone (its task whose id is the pid): the event loop that
 * answers HTTP, without the write thread and V8's helper threads.
 */
export function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** The process's peak resident set (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Output lines kept for a failure report (the last ones only). */
  tail: string[];
  stop(): Promise<void>;
}

/**
 * Starts a process and waits until a line of its output satisfies `ready`. Output is always
 * drained, or a logging child would block on a full pipe and the bench would measure the pipe.
 */
export async function startChild(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; ready: (line: string) => boolean; timeoutMs?: number },
): Promise<Child> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let resolveReady: () => void;
  const ready = new Promise<void>((r) => {
    resolveReady = r;
  });
  let partial = '';
  const onData = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (tail.length >= 40) tail.shift();
      tail.push(line);
      if (options.ready(line)) resolveReady();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref()),
  ]);
  if (outcome !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(
      `${command} ${args.join(' ')}: ${outcome === 'exited' ? 'exited before it was ready' : `not ready within ${timeoutMs} ms`}\n${tail.join('\n')}`,
    );
  }
  return {
    process: child,
    pid: child.pid!,
    tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref()),
      ]);
      if (!done) child.kill('SIGKILL');
    },
  };
}

/** `node --import tsx file`: the child's pid is the server itself, so /proc figures are its own. */
export function tsxArgs(file: string, ...rest: string[]): string[] {
  return ['--import', 'tsx', file, ...rest];
}
