import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { log } from './log.js';
import { identify } from './message.js';
import type { Spool } from './spool.js';

/** The SS-MIX2 data types the bridge forwards: 入院予定, 入院実施, 退院予定, 退院実施 (and their cancellations, stored with them). */
export const ADT_DATA_TYPES = ['ADT-21', 'ADT-22', 'ADT-51', 'ADT-52'];

/**
 * SS-MIX2 standardized storage: root/<ID 1-3>/<ID 4-6>/<patient ID>/<date or ->/<data type>/<file>,
 * the file named <patient ID>_<date>_<data type>_<order no>_<timestamp>_<department>_<condition flag>.
 * A condition flag 0 (deleted) is skipped.
 */
export function ss2File(root: string, path: string): { patient: string; timestamp: string } | null {
  const parts = relative(root, path).split(sep);
  if (parts.length !== 6) return null;
  const [, , patient, , dataType, file] = parts as [string, string, string, string, string, string];
  if (!ADT_DATA_TYPES.includes(dataType)) return null;
  const fields = file.split('_');
  if (fields.length < 7 || fields[0] !== patient || fields[2] !== dataType || fields[6] === '0') return null;
  return { patient, timestamp: fields[4] ?? '' };
}

async function walk(dir: string, depth: number): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory() && depth < 5) found.push(...(await walk(path, depth + 1)));
    else if (e.isFile() && depth === 5) found.push(path);
  }
  return found;
}

/**
 * Scans the storage every `intervalMs`: a new ADT file is spooled once it has kept its size and
 * modification time across two scans (the HIS may still be writing it), oldest timestamp first,
 * and marked read in the same write. Files already read (in the spool) are never read again.
 */
export function watchSsMix2(spool: Spool, root: string, intervalMs: number): { stop(): void } {
  const seen = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const scan = async () => {
    const candidates = [];
    for (const path of await walk(root, 0)) {
      const name = ss2File(root, path);
      if (!name) continue;
      const rel = relative(root, path);
      if (await spool.fileRead(rel)) continue;
      const s = await stat(path).catch(() => null);
      if (!s) continue;
      const mark = `${s.size}:${s.mtimeMs}`;
      if (seen.get(rel) !== mark) {
        seen.set(rel, mark);
        continue;
      }
      candidates.push({ path, rel, ...name });
    }
    candidates.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.rel.localeCompare(b.rel));
    for (const c of candidates) {
      const bytes = new Uint8Array(await readFile(c.path));
      const id = identify(bytes, c.patient);
      if (!id) {
        log('ss-mix2 file without MSH-10 skipped');
        continue;
      }
      const added = await spool.add({ ...id, body: bytes, source: 'ss-mix2', file: c.rel });
      seen.delete(c.rel);
      log(added ? 'spooled' : 'already spooled', { controlId: id.controlId, source: 'ss-mix2' });
    }
  };
  const loop = async () => {
    if (stopped) return;
    try {
      await scan();
    } catch (e) {
      log('ss-mix2 scan failed', { error: (e as Error).message });
    }
    if (!stopped) timer = setTimeout(loop, intervalMs);
  };
  void loop();
  log('ss-mix2 watching', { intervalMs });
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
