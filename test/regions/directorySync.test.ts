import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hospitals } from '../../db/schema.js';
import { readConfig } from '../../engine/config.js';
import type { Deps } from '../../engine/deps.js';
import { syncRegionDirectory } from '../../engine/directory/index.js';
import { silentLogger } from '../../engine/log.js';
import { startEngine } from '../../functions/runtime.js';
import { loadRegionPacks } from '../../regions/load.js';

// Every Node start and every new Worker isolate syncs the directory; all of Japan is ~8,000 hospitals.
describe('the region directory is written only when the region folders changed', () => {
  let dir: string;
  let deps: Deps;
  const config = () => readConfig({ DATABASE_URL: `file:${join(dir, 'd.db')}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) });
  const nameOf = async (id: string) =>
    (await deps.database.db.select().from(hospitals).where(eq(hospitals.id, id)))[0]!.name;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-dir-'));
    deps = await startEngine(config(), { log: silentLogger });
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a start with unchanged folders leaves the directory rows untouched', async () => {
    expect(await nameOf('sanda-shimin')).toBe('三田市民病院');
    await deps.database.db.update(hospitals).set({ name: 'marker' }).where(eq(hospitals.id, 'sanda-shimin'));
    const again = await startEngine(config(), { log: silentLogger });
    again.database.close();
    expect(await nameOf('sanda-shimin')).toBe('marker');
  });

  it('a changed region pack is written at the next sync', async () => {
    const packs = await loadRegionPacks();
    const edited = packs.map((p) => ({
      ...p,
      hospitals: p.hospitals.map((h) => (h.id === 'sanda-shimin' ? { ...h, name: '三田市民病院 (改称)' } : h)),
    }));
    await syncRegionDirectory(deps, edited);
    expect(await nameOf('sanda-shimin')).toBe('三田市民病院 (改称)');
    await syncRegionDirectory(deps, packs);
    expect(await nameOf('sanda-shimin')).toBe('三田市民病院');
  });
});
