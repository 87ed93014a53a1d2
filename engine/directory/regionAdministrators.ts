import { eq } from 'drizzle-orm';
import { regionAdministrators } from '../../db/schema.js';
import type { Deps } from '../deps.js';

// The region's administrator (the coordination center): name and phone from the region pack, the
// email from the console when set there. A pack may give no email (a phone only), so
// the address escalations are mailed to is a setting people edit, stored in the database, and it
// wins over the pack the way a hospital edited in the console does.

export interface RegionAdministrator {
  regionId: string;
  regionName: string;
  name: string;
  phone: string | null;
  fax: string | null;
  email: string | null;
  /** Where the email comes from: set in the console or the API, the region pack, or nowhere. */
  emailFrom: 'console' | 'pack' | null;
  editedAt: string | null;
}

type Row = typeof regionAdministrators.$inferSelect;

function view(deps: Deps, regionId: string, row: Row | undefined): RegionAdministrator | null {
  const region = deps.regions.get(regionId);
  if (!region) return null;
  const fromPack = region.administrator.email ?? null;
  const email = row ? row.email : fromPack;
  return {
    regionId,
    regionName: region.name,
    name: region.administrator.name,
    phone: region.administrator.phone ?? null,
    fax: region.administrator.fax ?? null,
    email,
    emailFrom: row ? (row.email ? 'console' : null) : fromPack ? 'pack' : null,
    editedAt: row ? new Date(row.editedAt).toISOString() : null,
  };
}

/** Every loaded region's administrator, in the packs' order. */
export async function listRegionAdministrators(deps: Deps): Promise<RegionAdministrator[]> {
  const rows = await deps.database.db.select().from(regionAdministrators);
  const byRegion = new Map(rows.map((r) => [r.regionId, r]));
  return [...deps.regions.keys()].flatMap((id) => view(deps, id, byRegion.get(id)) ?? []);
}

/** A region's administrator; null when the region is not loaded. */
export async function getRegionAdministrator(deps: Deps, regionId: string): Promise<RegionAdministrator | null> {
  const [row] = await deps.database.db
    .select()
    .from(regionAdministrators)
    .where(eq(regionAdministrators.regionId, regionId));
  return view(deps, regionId, row);
}

/** Sets (or clears, with null) the email escalations and alerts are mailed to; from now on it wins over the pack. */
export async function setRegionAdministratorEmail(
  deps: Deps,
  regionId: string,
  email: string | null,
): Promise<RegionAdministrator | null> {
  if (!deps.regions.has(regionId)) return null;
  const values = { email, editedAt: deps.now().getTime() };
  await deps.database.db
    .insert(regionAdministrators)
    .values({ regionId, ...values })
    .onConflictDoUpdate({ target: regionAdministrators.regionId, set: values });
  return getRegionAdministrator(deps, regionId);
}
