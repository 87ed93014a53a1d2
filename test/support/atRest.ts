import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LibsqlDatabase } from '../../db/database.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** A needle as it would sit in the bytes: UTF-8, and inside JSON written with \u escapes. */
function forms(needle: string): Buffer[] {
  const escaped = [...needle]
    .map((ch) => (ch.charCodeAt(0) > 127 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch))
    .join('');
  return [Buffer.from(needle, 'utf8'), Buffer.from(escaped, 'utf8'), Buffer.from(escaped.toUpperCase(), 'utf8')];
}

/** Every file of the database (the .db, its -wal and -shm) in which any needle's bytes occur. */
export async function needlesInFiles(
  dir: string,
  needles: string[],
): Promise<{ found: string[]; files: number; bytes: number }> {
  const names = (await readdir(dir)).filter((n) => n.startsWith('renkei.db'));
  const found: string[] = [];
  let bytes = 0;
  for (const name of names) {
    const content = await readFile(join(dir, name));
    bytes += content.length;
    for (const needle of needles)
      if (forms(needle).some((f) => content.includes(f))) found.push(`${needle} in ${name}`);
  }
  return { found, files: names.length, bytes };
}

/** Every value of every column of every table, as text, that contains a needle. */
export async function needlesInColumns(
  database: LibsqlDatabase,
  needles: string[],
): Promise<{ found: string[]; values: number }> {
  const tables = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
  const found: string[] = [];
  let values = 0;
  for (const { name } of tables.rows) {
    const rows = await database.client.execute(`SELECT * FROM "${String(name)}"`);
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || /^\d+$/.test(column)) continue;
        values++;
        const text = String(value);
        for (const needle of needles) if (text.includes(needle)) found.push(`${needle} in ${String(name)}.${column}`);
      }
    }
  }
  return { found, values };
}

/** `npm run keys:rotate` as an operator runs it: its own process, against the database file. */
export async function runKeysRotate(env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/rotate-keys.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
