import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { settings } from '../../db/schema.js';
import { base64url, fromBase64url, randomBytes } from './crypto.js';

// Personal data at rest (the patient's name and birth date, refused webhook bodies) is sealed with
// AES-256-GCM through WebCrypto, so the same code runs on Node and on Workers. A sealed value is
//   enc:v1:{key id}:{96-bit IV, base64url}:{ciphertext and tag, base64url}
// and its additional authenticated data names what it belongs to (e.g. its case id): a ciphertext
// copied onto another case fails to open instead of showing the wrong person.

export interface DataKey {
  kid: string;
  key: Uint8Array;
}

/** The configured keys, imported once: the first encrypts, every one decrypts. */
export interface DataKeys {
  current: string;
  keys: ReadonlyMap<string, CryptoKey>;
}

export class DataKeyError extends Error {
  override name = 'DataKeyError';
}

const PREFIX = 'enc:v1:';
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const DEV_KID = 'dev';
const DEV_SETTING = 'data_key_dev';
const encoder = new TextEncoder();

/**
 * `RENKEI_DATA_KEYS` = `k2:<base64 32 bytes>,k1:<base64 32 bytes>`: first the current key, then the
 * older ones still needed to read what they sealed. Throws a message naming the problem, never a key.
 */
export function parseDataKeys(text: string): DataKey[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('RENKEI_DATA_KEYS is empty; give at least one key as id:base64');
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const at = entry.indexOf(':');
    const kid = at > 0 ? entry.slice(0, at) : '';
    if (!KID_PATTERN.test(kid))
      throw new Error(`RENKEI_DATA_KEYS entry ${i + 1}: expected id:base64 with an id of letters, digits, - or _`);
    if (seen.has(kid)) throw new Error(`RENKEI_DATA_KEYS: key id "${kid}" appears twice`);
    seen.add(kid);
    let key: Uint8Array;
    try {
      key = fromBase64url(
        entry
          .slice(at + 1)
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, ''),
      );
    } catch {
      throw new Error(`RENKEI_DATA_KEYS: key "${kid}" is not base64`);
    }
    if (key.length !== 32)
      throw new Error(`RENKEI_DATA_KEYS: key "${kid}" must be 32 bytes (AES-256), not ${key.length}`);
    return { kid, key };
  });
}

/** A fresh key in the form RENKEI_DATA_KEYS takes. */
export function generateDataKey(kid: string): string {
  return `${kid}:${base64url(randomBytes(32))}`;
}

export async function importDataKeys(list: DataKey[]): Promise<DataKeys> {
  if (list.length === 0) throw new DataKeyError('no data key');
  const keys = new Map<string, CryptoKey>();
  for (const { kid, key } of list) {
    keys.set(kid, await crypto.subtle.importKey('raw', key as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']));
  }
  return { current: list[0]!.kid, keys };
}

/**
 * The configured keys, or in development (no RENKEI_DATA_KEYS) one key generated on first start and
 * kept in the database, the way the task-link key is, so `npm start` needs no setup. A key next to
 * the data it protects protects nothing, which is why production refuses to start without the variable.
 */
export async function loadDataKeys(database: Database, configured: DataKey[] | undefined): Promise<DataKeys> {
  if (configured) return importDataKeys(configured);
  const { db } = database;
  await db
    .insert(settings)
    .values({ key: DEV_SETTING, value: base64url(randomBytes(32)) })
    .onConflictDoNothing();
  const rows = await db.select().from(settings).where(eq(settings.key, DEV_SETTING));
  return importDataKeys([{ kid: DEV_KID, key: fromBase64url(rows[0]!.value) }]);
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The id of the key a sealed value was sealed with; null for a value that is not sealed. */
export function sealedWith(value: string): string | null {
  return isSealed(value) ? value.slice(PREFIX.length).split(':', 1)[0]! : null;
}

/** Encrypts under the current key with a fresh IV; `context` is bound to the ciphertext (AAD). */
export async function seal(keys: DataKeys, plaintext: string, context: string): Promise<string> {
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(context) as BufferSource },
    keys.keys.get(keys.current)!,
    encoder.encode(plaintext) as BufferSource,
  );
  return `${PREFIX}${keys.current}:${base64url(iv)}:${base64url(new Uint8Array(ct))}`;
}

/**
 * Decrypts a sealed value. A missing key, a wrong key, a value moved to another context or altered
 * bytes all throw a DataKeyError saying which; nothing is ever returned that did not authenticate.
 */
export async function open(keys: DataKeys, sealed: string, context: string): Promise<string> {
  const parts = isSealed(sealed) ? sealed.slice(PREFIX.length).split(':') : [];
  if (parts.length !== 3) throw new DataKeyError('not a sealed value (expected enc:v1:{key id}:{iv}:{ciphertext})');
  const [kid, iv, ct] = parts as [string, string, string];
  const key = keys.keys.get(kid);
  if (!key) {
    throw new DataKeyError(
      `sealed with data key "${kid}", which is not configured; add it to RENKEI_DATA_KEYS (configured: ${[...keys.keys.keys()].join(', ')})`,
    );
  }
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: fromBase64url(iv) as BufferSource,
        additionalData: encoder.encode(context) as BufferSource,
      },
      key,
      fromBase64url(ct) as BufferSource,
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new DataKeyError(
      `data key "${kid}" does not open this value: the key with that id is not the one it was sealed with, or the value was altered or moved`,
    );
  }
}
