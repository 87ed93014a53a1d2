import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './proc.js';

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

/** One line of BENCHMARKS.md's "At a glance": a figure of the issue against its goal. */
export interface Glance {
  what: string;
  figure: string;
  /** The goal as written ('' when there is none). */
  goal: string;
  /** Whether the goal is met (null: no goal, or not measured). */
  met: boolean | null;
  command: string;
}

export function glanceTable(rows: Glance[]): Table {
  return {
    title: 'At a glance',
    columns: ['what', 'figure', 'goal', 'command'],
    rows: rows.map((g) => [
      g.what,
      g.figure,
      g.goal ? `${g.goal} — ${g.met === null ? 'not measured' : g.met ? 'met' : '**not met**'}` : '',
      `\`${g.command}\``,
    ]),
  };
}

export function machineFacts() {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? '?',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    at: new Date().toISOString(),
  };
}

export function markdown(t: Table): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    `### ${t.title}`,
    '',
    line(t.columns),
    line(t.columns.map(() => '---')),
    ...t.rows.map(line),
    '',
    ...(t.notes ?? []).map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** Prints the tables and keeps the raw figures in bench/results/ (not committed: machines differ). */
export async function publish(name: string, tables: Table[], raw: unknown): Promise<void> {
  for (const t of tables) console.log(`\n${markdown(t)}`);
  const dir = join(ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), JSON.stringify({ machine: machineFacts(), raw }, null, 2));
  await writeFile(join(dir, `${name}.md`), tables.map(markdown).join('\n'));
}
