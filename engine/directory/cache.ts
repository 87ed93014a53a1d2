import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { careOffices, directoryVersion, hospitalSecrets, hospitals } from '../../db/schema.js';

type HospitalRow = typeof hospitals.$inferSelect;
type CareOfficeRow = typeof careOffices.$inferSelect;
type SecretRow = { secret: string; expiresAt: number | null };

/** What a webhook delivery reads from the directory: its hospital, that hospital's secrets, the office its body names. */
export interface DirectoryEntries {
  hospital: HospitalRow | null;
  /** Every secret of the hospital with its expiry; the caller keeps the ones valid now. */
  secrets: SecretRow[];
  careOffice: CareOfficeRow | null;
}

/** An entry no cache holds is read: one query per missing entry, in the caller's read batch. */
export type DirectoryQuery =
  | { entry: 'hospital'; query: ReturnType<typeof hospitalRowQuery> }
  | { entry: 'secrets'; query: ReturnType<typeof secretRowsQuery> }
  | { entry: 'careOffice'; query: ReturnType<typeof officeRowQuery> };

const hospitalRowQuery = (db: Db, id: string) => db.select().from(hospitals).where(eq(hospitals.id, id));
const secretRowsQuery = (db: Db, hospitalId: string) =>
  db
    .select({ secret: hospitalSecrets.secret, expiresAt: hospitalSecrets.expiresAt })
    .from(hospitalSecrets)
    .where(eq(hospitalSecrets.hospitalId, hospitalId));
const officeRowQuery = (db: Db, id: string) => db.select().from(careOffices).where(eq(careOffices.id, id));

/** The directory's version as of the read batch it is in (0 before any edit). */
export function directoryVersionQuery(db: Db) {
  return db.select({ version: directoryVersion.version }).from(directoryVersion).where(eq(directoryVersion.id, 1));
}

/** Entries kept at most: unknown ids are cached too (as null), so a stream of made-up ids cannot grow it without end. */
const MAX_ENTRIES = 20_000;

/**
 * The directory entries webhook deliveries read, kept in the process between events. An entry is
 * good for one directory version: each read batch also reads the version row, which triggers
 * bump in every transaction that edits hospitals, secrets or care offices (any process, any
 * path), so an edit is seen by the next event's batch and the cache starts over. Nothing here is
 * ever trusted across versions, so several processes on one database stay consistent.
 */
export class DirectoryCache {
  private version = -1;
  private hospitals = new Map<string, HospitalRow | null>();
  private secrets = new Map<string, SecretRow[]>();
  private offices = new Map<string, CareOfficeRow | null>();

  /** The queries for the entries this delivery needs and the cache does not hold. */
  queries(db: Db, hospitalId: string, careOfficeId: string | null): DirectoryQuery[] {
    const q: DirectoryQuery[] = [];
    if (!this.hospitals.has(hospitalId)) q.push({ entry: 'hospital', query: hospitalRowQuery(db, hospitalId) });
    if (!this.secrets.has(hospitalId)) q.push({ entry: 'secrets', query: secretRowsQuery(db, hospitalId) });
    if (careOfficeId !== null && !this.offices.has(careOfficeId))
      q.push({ entry: 'careOffice', query: officeRowQuery(db, careOfficeId) });
    return q;
  }

  /**
   * Takes a read batch's version and the rows its queries read. Null when the directory changed
   * since entries this delivery needs were cached and this batch did not read them: the caller
   * reads again (the cache is empty by then, so the next batch reads them all).
   */
  take(
    version: number,
    hospitalId: string,
    careOfficeId: string | null,
    read: { query: DirectoryQuery; rows: unknown[] }[],
  ): DirectoryEntries | null {
    if (version !== this.version) {
      this.hospitals.clear();
      this.secrets.clear();
      this.offices.clear();
      this.version = version;
    }
    if (this.hospitals.size + this.offices.size + this.secrets.size > MAX_ENTRIES) {
      this.hospitals.clear();
      this.secrets.clear();
      this.offices.clear();
    }
    for (const { query, rows } of read) {
      if (query.entry === 'hospital') this.hospitals.set(hospitalId, (rows[0] as HospitalRow | undefined) ?? null);
      else if (query.entry === 'secrets') this.secrets.set(hospitalId, rows as SecretRow[]);
      else this.offices.set(careOfficeId!, (rows[0] as CareOfficeRow | undefined) ?? null);
    }
    const hospital = this.hospitals.get(hospitalId);
    const secrets = this.secrets.get(hospitalId);
    const careOffice = careOfficeId === null ? null : this.offices.get(careOfficeId);
    if (hospital === undefined || secrets === undefined || careOffice === undefined) return null;
    return { hospital, secrets, careOffice };
  }
}

const caches = new WeakMap<object, DirectoryCache>();

/** The one cache of a database handle (each process or isolate has its own). */
export function directoryCache(database: object): DirectoryCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new DirectoryCache();
    caches.set(database, cache);
  }
  return cache;
}

/** Without a cache (RENKEI_DIRECTORY_CACHE=0): every entry is read in every batch, as before. */
export function uncachedQueries(db: Db, hospitalId: string, careOfficeId: string | null): DirectoryQuery[] {
  return [
    { entry: 'hospital', query: hospitalRowQuery(db, hospitalId) },
    { entry: 'secrets', query: secretRowsQuery(db, hospitalId) },
    ...(careOfficeId === null ? [] : [{ entry: 'careOffice' as const, query: officeRowQuery(db, careOfficeId) }]),
  ];
}

export function entriesFrom(read: { query: DirectoryQuery; rows: unknown[] }[]): DirectoryEntries {
  const rows = (entry: DirectoryQuery['entry']) => read.find((r) => r.query.entry === entry)?.rows ?? [];
  return {
    hospital: (rows('hospital')[0] as HospitalRow | undefined) ?? null,
    secrets: rows('secrets') as SecretRow[],
    careOffice: (rows('careOffice')[0] as CareOfficeRow | undefined) ?? null,
  };
}
