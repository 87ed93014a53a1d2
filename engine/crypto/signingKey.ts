import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { settings } from '../../db/schema.js';
import { base64url, fromBase64url, randomBytes } from './crypto.js';

const KEY = 'task_link_signing_key';

/**
 * The task-link signing key: RENKEI_SECRET when given, else one generated on first start and kept
 * in the database, so `npm start` needs no setup and links survive restarts.
 */
export async function loadSigningKey(database: Database, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const { db } = database;
  await db
    .insert(settings)
    .values({ key: KEY, value: base64url(randomBytes(32)) })
    .onConflictDoNothing();
  const rows = await db.select().from(settings).where(eq(settings.key, KEY));
  return fromBase64url(rows[0]!.value);
}
