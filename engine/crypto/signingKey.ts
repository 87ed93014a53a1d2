import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { settings } from '../../db/schema.js';
import { base64url, fromBase64url, randomBytes } from './crypto.js';

const KEY = 'task_link_signing_key';

/**
 * The keys derived from the installation's secret, one per purpose, so that knowing one (or a copy
 * of the database) gives nothing of the others.
 */
export interface SecretKeys {
  /** Signs care managers' task links. */
  links: Uint8Array;
  /** Keys the patient hash that links stays of one person. */
  patients: Uint8Array;
  /**
   * Keys earlier versions used for both at once (RENKEI_SECRET's bytes, or the key kept in the
   * database): stays hashed under them are still found until `npm run keys:rotate` hashes them again.
   */
  legacyPatients: Uint8Array[];
}

/** HKDF-SHA256 (RFC 5869) through WebCrypto: 32 bytes for one purpose. */
async function derive(root: Uint8Array, purpose: string): Promise<Uint8Array> {
  const ikm = await crypto.subtle.importKey('raw', root as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new TextEncoder().encode('renkei'),
      info: new TextEncoder().encode(purpose),
    },
    ikm,
    256,
  );
  return new Uint8Array(bits);
}

export async function deriveSecretKeys(root: Uint8Array, legacy: Uint8Array[] = [root]): Promise<SecretKeys> {
  return {
    links: await derive(root, 'renkei task links v2'),
    patients: await derive(root, 'renkei patient hash v2'),
    legacyPatients: legacy,
  };
}

/**
 * The keys, from RENKEI_SECRET (required in production). Without it (development only) the root is
 * generated on first start and kept in the database, so `npm start` needs no setup; it then
 * protects nothing against a copy of the file. A key kept by an earlier version stays readable as a
 * legacy patient-hash key so its stays are still found.
 */
export async function loadSecretKeys(database: Database, configured: string | undefined): Promise<SecretKeys> {
  const { db } = database;
  if (configured) {
    const root = new TextEncoder().encode(configured);
    const [stored] = await db.select().from(settings).where(eq(settings.key, KEY));
    return deriveSecretKeys(root, stored ? [root, fromBase64url(stored.value)] : [root]);
  }
  await db
    .insert(settings)
    .values({ key: KEY, value: base64url(randomBytes(32)) })
    .onConflictDoNothing();
  const rows = await db.select().from(settings).where(eq(settings.key, KEY));
  return deriveSecretKeys(fromBase64url(rows[0]!.value));
}
