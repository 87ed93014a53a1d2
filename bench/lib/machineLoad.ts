import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cpuMs } from './proc.js';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** Busy CPU time of the whole machine (all cores), from /proc/stat. */
function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

/**
 * The cores here are shared with other work: this measures how much CPU everything but the
 * bench and its server used during a run, so a figure taken on a busy machine says so.
 */
export function machineLoadMeter(pids: number[]) {
  const own = () => [process.pid, ...pids].reduce((s, pid) => s + cpuMs(pid), 0);
  const start = { busy: machineBusyMs(), own: own(), at: performance.now() };
  return {
    /** Share of the machine's cores (0..1) used by other processes since the meter started. */
    otherShare(): number {
      const wall = performance.now() - start.at;
      const other = machineBusyMs() - start.busy - (own() - start.own);
      return Math.max(0, other) / (wall * cpus().length);
    },
  };
}
