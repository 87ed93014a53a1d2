// Writes regions/index.generated.ts from the region folders (validated as at start-up).
//   npm run regions:bundle
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, renderRegionBundle } from '../regions/bundle.js';
import { loadRegionPacks } from '../regions/load.js';

const target = fileURLToPath(new URL(`../regions/${BUNDLE_FILE}`, import.meta.url));
const packs = await loadRegionPacks();
await writeFile(target, renderRegionBundle(packs));
console.log(
  `wrote regions/${BUNDLE_FILE}: ${packs.map((p) => `${p.id} (${p.hospitals.length} hospitals)`).join(', ')}`,
);
