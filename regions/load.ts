import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { directorySchema, type RegionPack, regionSchema } from './schema.js';

const REGIONS_DIR = fileURLToPath(new URL('.', import.meta.url));

export class RegionPackError extends Error {}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new RegionPackError(`${path}: ${(e as Error).message}`);
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RegionPackError(`${path} is not a valid region pack file:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads one region folder: region.json (the rule) and directory.json (hospitals and windows). */
export async function loadRegionPack(dir: string): Promise<RegionPack> {
  const region = check(regionSchema, await readJson(join(dir, 'region.json')), join(dir, 'region.json'));
  const directory = check(directorySchema, await readJson(join(dir, 'directory.json')), join(dir, 'directory.json'));
  const ids = new Set<string>();
  for (const h of directory.hospitals) {
    for (const id of [h.id, ...h.windows.map((w) => w.id)]) {
      if (ids.has(id)) throw new RegionPackError(`${dir}: id "${id}" is used twice`);
      ids.add(id);
    }
  }
  for (const p of directory.providers ?? []) {
    if (ids.has(p.id)) throw new RegionPackError(`${dir}: id "${p.id}" is used twice`);
    ids.add(p.id);
  }
  return {
    ...region,
    hospitals: directory.hospitals,
    ...(directory.providers ? { providers: directory.providers } : {}),
  };
}

/** Every folder under regions/ with a region.json is a region: adding a region is adding a folder. */
export async function loadRegionPacks(root = REGIONS_DIR): Promise<RegionPack[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const packs: RegionPack[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const files = await readdir(join(root, e.name));
    if (!files.includes('region.json')) continue;
    const pack = await loadRegionPack(join(root, e.name));
    if (pack.id !== e.name)
      throw new RegionPackError(`${join(root, e.name)}: region id "${pack.id}" must equal its folder name`);
    packs.push(pack);
  }
  // Hospitals and windows are stored by id: the same id in two regions would silently move one.
  const owner = new Map<string, string>();
  for (const pack of packs) {
    for (const id of pack.hospitals.flatMap((h) => [h.id, ...h.windows.map((w) => w.id)])) {
      const other = owner.get(id);
      if (other) throw new RegionPackError(`id "${id}" is used by both regions/${other} and regions/${pack.id}`);
      owner.set(id, pack.id);
    }
  }
  return packs;
}
