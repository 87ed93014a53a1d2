import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db, Statement } from '../../db/database.js';
import {
  type BusinessHours,
  careOffices,
  contactWindows,
  hospitalSecrets,
  hospitals,
  settings,
} from '../../db/schema.js';
import type { RegionPack, WindowPurpose } from '../../regions/schema.js';
import { newId, newWebhookSecret, randomBytes, sha256Hex } from '../crypto/index.js';
import type { Deps } from '../deps.js';

/** A rotated-out secret stays valid this long, so a hospital can switch without losing events. */
export const SECRET_ROLLOVER_MS = 24 * 60 * 60 * 1000;

const DIRECTORY_DIGEST = 'region_directory_sha256';

/**
 * The region folders are the source of truth for hospitals and their windows. Every start (and on
 * Workers every new isolate) calls this, so it first compares a digest of the packs with the one
 * stored at the last sync: an unchanged directory costs one read, not thousands of upserts.
 */
export async function syncRegionDirectory(deps: Deps, packs: RegionPack[]): Promise<void> {
  const { db } = deps.database;
  const digest = await sha256Hex(JSON.stringify(packs));
  const [stored] = await db.select().from(settings).where(eq(settings.key, DIRECTORY_DIGEST));
  if (stored?.value === digest) return;
  const statements: Statement[] = [
    db
      .insert(settings)
      .values({ key: DIRECTORY_DIGEST, value: digest })
      .onConflictDoUpdate({ target: settings.key, set: { value: digest } }),
  ];
  for (const pack of packs) {
    for (const h of pack.hospitals) {
      const values = {
        regionId: pack.id,
        name: h.name,
        address: h.address ?? null,
        phone: h.phone ?? null,
        participating: h.participating ?? true,
      };
      // A row edited in the console wins over the pack until the pack's own row is edited again by hand.
      statements.push(
        db
          .insert(hospitals)
          .values({ id: h.id, ...values })
          .onConflictDoUpdate({ target: hospitals.id, set: values, setWhere: isNull(hospitals.editedAt) }),
      );
      for (const w of h.windows) {
        const wv = {
          hospitalId: h.id,
          name: w.name,
          phone: w.phone ?? null,
          fax: w.fax ?? null,
          email: w.email ?? null,
          postalAddress: w.postalAddress ?? null,
          purposes: w.purposes,
          note: w.note ?? null,
        };
        statements.push(
          db
            .insert(contactWindows)
            .values({ id: w.id, ...wv })
            .onConflictDoUpdate({ target: contactWindows.id, set: wv, setWhere: isNull(contactWindows.editedAt) }),
        );
      }
    }
  }
  await deps.database.commit(statements);
  deps.log.info('region directory synced', {
    regions: packs.map((p) => p.id).join(','),
    statements: statements.length,
  });
}

export type WindowRow = typeof contactWindows.$inferSelect;

export async function listHospitals(deps: Deps) {
  const { db } = deps.database;
  const [hs, ws] = await db.batch([
    db.select().from(hospitals).orderBy(hospitals.regionId, hospitals.id),
    db.select().from(contactWindows).orderBy(contactWindows.id),
  ]);
  return hs.map((h) => ({
    id: h.id,
    name: h.name,
    region: h.regionId,
    address: h.address,
    phone: h.phone,
    participating: h.participating,
    windows: ws.filter((w) => w.hospitalId === h.id).map(({ hospitalId: _, ...w }) => w),
  }));
}

export type HospitalRow = typeof hospitals.$inferSelect;

export function hospitalQuery(db: Db, hospitalId: string) {
  return db.select().from(hospitals).where(eq(hospitals.id, hospitalId));
}

export async function getHospital(deps: Deps, hospitalId: string): Promise<HospitalRow | null> {
  const rows = await hospitalQuery(deps.database.db, hospitalId);
  return rows[0] ?? null;
}

/** The window that serves a purpose: the narrowest match, else a general window, else the first. */
export function windowFor<W extends { purposes: string[] }>(windows: W[], purpose: WindowPurpose): W | null {
  return (
    windows.find((w) => w.purposes.includes(purpose)) ??
    windows.find((w) => w.purposes.includes('general')) ??
    windows[0] ??
    null
  );
}

export async function hospitalWindows(deps: Deps, hospitalId: string): Promise<WindowRow[]> {
  return deps.database.db
    .select()
    .from(contactWindows)
    .where(eq(contactWindows.hospitalId, hospitalId))
    .orderBy(contactWindows.id);
}

/** Issues a new webhook secret; older ones keep working for the rollover period. Shown once. */
export async function issueWebhookSecret(deps: Deps, hospitalId: string): Promise<string> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const secret = newWebhookSecret(randomBytes(32));
  await deps.database.commit([
    db
      .update(hospitalSecrets)
      .set({ expiresAt: now + SECRET_ROLLOVER_MS })
      .where(and(eq(hospitalSecrets.hospitalId, hospitalId), isNull(hospitalSecrets.expiresAt))),
    db.insert(hospitalSecrets).values({ id: newId('sec'), hospitalId, secret, createdAt: now, expiresAt: null }),
  ]);
  deps.log.info('webhook secret issued', { hospitalId });
  return secret;
}

/** The secrets a hospital may sign with now: the current one and any still in their rollover period. */
export function validSecretsQuery(db: Db, hospitalId: string, now: number) {
  return db
    .select({ secret: hospitalSecrets.secret })
    .from(hospitalSecrets)
    .where(
      and(
        eq(hospitalSecrets.hospitalId, hospitalId),
        or(isNull(hospitalSecrets.expiresAt), gt(hospitalSecrets.expiresAt, now)),
      ),
    );
}

export interface CareOfficeInput {
  name: string;
  kind?: 'home_care_office' | 'community_support_center' | undefined;
  email?: string | undefined;
  fax?: string | undefined;
  phone?: string | undefined;
  town?: string | undefined;
  region?: string | undefined;
  businessHours?: BusinessHours | undefined;
  preferredChannel?: 'email' | 'sms' | 'fax' | undefined;
  smsPhone?: string | undefined;
  /** Routine notices at once (default) or held for one mail a day at `digestHour` (Japan time). */
  notificationMode?: 'realtime' | 'digest' | undefined;
  digestHour?: number | undefined;
}

/** The Japan-time hour of a digest office's daily mail, unless it says otherwise. */
export const DEFAULT_DIGEST_HOUR = 17;

export type CareOffice = ReturnType<typeof careOfficeView>;

function careOfficeView(row: typeof careOffices.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    email: row.email,
    fax: row.fax,
    phone: row.phone,
    town: row.town,
    region: row.regionId,
    businessHours: row.businessHours,
    preferredChannel: row.preferredChannel,
    smsPhone: row.smsPhone,
    notificationMode: row.notificationMode,
    digestHour: row.digestHour,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function upsertCareOffice(
  deps: Deps,
  id: string,
  input: CareOfficeInput,
): Promise<{ created: boolean; office: CareOffice }> {
  const { db } = deps.database;
  const values = {
    name: input.name,
    kind: input.kind ?? ('home_care_office' as const),
    email: input.email ?? null,
    fax: input.fax ?? null,
    phone: input.phone ?? null,
    town: input.town ?? null,
    regionId: input.region ?? null,
    businessHours: input.businessHours ?? null,
    preferredChannel: input.preferredChannel ?? null,
    smsPhone: input.smsPhone ?? null,
    notificationMode: input.notificationMode ?? ('realtime' as const),
    digestHour: input.digestHour ?? DEFAULT_DIGEST_HOUR,
    updatedAt: deps.now().getTime(),
  };
  const existing = await getCareOffice(deps, id);
  const [row] = await db
    .insert(careOffices)
    .values({ id, ...values })
    .onConflictDoUpdate({ target: careOffices.id, set: values })
    .returning();
  return { created: existing === null, office: careOfficeView(row!) };
}

/**
 * The office's own choice from its page: routine notices at once, or one digest a day at `digestHour`.
 * A digest is a mail: an office without an email address cannot choose it (false).
 */
export async function setNotificationMode(
  deps: Deps,
  id: string,
  mode: 'realtime' | 'digest',
  digestHour: number,
): Promise<boolean> {
  const office = await getCareOffice(deps, id);
  if (!office || (mode === 'digest' && !office.email)) return false;
  await deps.database.db
    .update(careOffices)
    .set({ notificationMode: mode, digestHour, updatedAt: deps.now().getTime() })
    .where(eq(careOffices.id, id));
  return true;
}

export function careOfficeQuery(db: Db, id: string) {
  return db.select().from(careOffices).where(eq(careOffices.id, id));
}

export async function getCareOffice(deps: Deps, id: string) {
  const rows = await careOfficeQuery(deps.database.db, id);
  return rows[0] ? careOfficeView(rows[0]) : null;
}

export async function listCareOffices(deps: Deps): Promise<CareOffice[]> {
  const rows = await deps.database.db.select().from(careOffices).orderBy(careOffices.regionId, careOffices.id);
  return rows.map(careOfficeView);
}

export interface HospitalInput {
  region: string;
  name: string;
  address?: string | undefined;
  phone?: string | undefined;
  /** Takes part in the region's rule; true unless said otherwise. */
  participating?: boolean | undefined;
  windows: {
    id: string;
    name: string;
    phone?: string | undefined;
    fax?: string | undefined;
    email?: string | undefined;
    postalAddress?: string | undefined;
    purposes: WindowPurpose[];
    note?: string | undefined;
  }[];
}

export type UpsertHospitalResult = { kind: 'saved'; created: boolean } | { kind: 'window_taken'; windowId: string };

/**
 * Creates or replaces a hospital and its windows from the console or the API. Edited rows are
 * marked, so the region pack no longer overwrites them at start. Windows left out are removed:
 * notices find a hospital's window by purpose when they are sent, so none refers to one by id.
 */
export async function upsertHospital(deps: Deps, id: string, input: HospitalInput): Promise<UpsertHospitalResult> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const [existing, windows] = await db.batch([
    db.select().from(hospitals).where(eq(hospitals.id, id)),
    db.select().from(contactWindows),
  ]);
  const taken = input.windows.find((w) => windows.some((x) => x.id === w.id && x.hospitalId !== id));
  if (taken) return { kind: 'window_taken', windowId: taken.id };
  const values = {
    regionId: input.region,
    name: input.name,
    address: input.address ?? null,
    phone: input.phone ?? null,
    participating: input.participating ?? true,
    editedAt: now,
  };
  const keep = new Set(input.windows.map((w) => w.id));
  const statements: Statement[] = [
    db
      .insert(hospitals)
      .values({ id, ...values })
      .onConflictDoUpdate({ target: hospitals.id, set: values }),
    ...windows
      .filter((w) => w.hospitalId === id && !keep.has(w.id))
      .map((w) => db.delete(contactWindows).where(eq(contactWindows.id, w.id))),
    ...input.windows.map((w) => {
      const wv = {
        hospitalId: id,
        name: w.name,
        phone: w.phone ?? null,
        fax: w.fax ?? null,
        email: w.email ?? null,
        postalAddress: w.postalAddress ?? null,
        purposes: w.purposes,
        note: w.note ?? null,
        editedAt: now,
      };
      return db
        .insert(contactWindows)
        .values({ id: w.id, ...wv })
        .onConflictDoUpdate({ target: contactWindows.id, set: wv });
    }),
  ];
  await deps.database.commit(statements);
  return { kind: 'saved', created: existing.length === 0 };
}

/** The care office registered with this email address (compared without case), if any. */
export async function careOfficeByEmail(deps: Deps, email: string): Promise<CareOffice | null> {
  const [row] = await deps.database.db
    .select()
    .from(careOffices)
    .where(sql`lower(trim(${careOffices.email})) = ${email.trim().toLowerCase()}`)
    .orderBy(careOffices.id)
    .limit(1);
  return row ? careOfficeView(row) : null;
}
