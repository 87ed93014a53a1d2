import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILE, renderRegionBundle } from '../../regions/bundle.js';
import { regionPacks } from '../../regions/index.generated.js';
import { loadRegionPacks } from '../../regions/load.js';

describe('regions bundled for Workers', () => {
  it('regions/index.generated.ts is what `npm run regions:bundle` writes from the folders today (run it after editing a region)', async () => {
    const onDisk = await readFile(new URL(`../../regions/${BUNDLE_FILE}`, import.meta.url), 'utf8');
    expect(onDisk).toBe(renderRegionBundle(await loadRegionPacks()));
  });

  it('the bundle holds every region folder with its hospitals and windows', async () => {
    const packs = await loadRegionPacks();
    expect(regionPacks.map((p) => p.id)).toEqual(packs.map((p) => p.id));
    expect(regionPacks.find((p) => p.id === 'sanda')!.hospitals.length).toBe(
      packs.find((p) => p.id === 'sanda')!.hospitals.length,
    );
  });
});
