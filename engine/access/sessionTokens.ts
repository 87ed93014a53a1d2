import { and, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { base64url, randomBytes } from '../crypto/index.js';
import type { Deps } from '../deps.js';

// What every session shares, whoever it belongs to (a console account, a care office): the cookie
// holds a random token, the table its SHA-256 (a copy of the table opens no session), every form
// carries a CSRF token, and a session ends at its expiry or after SESSION_IDLE_MS without a request.

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A console left open and unattended (a shared ward PC) ends after this long without a request. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** How stale the last-seen time may get before a request writes it again: one write a minute at most. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

export async function sha256(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** The columns a session table has, whatever it is scoped to. */
export interface SessionColumns {
  id: SQLiteColumn;
  createdAt: SQLiteColumn;
  expiresAt: SQLiteColumn;
  lastSeenAt: SQLiteColumn;
}

/** A new session's secrets and times: the cookie gets `token`, the row `id` (its hash) and the rest. */
export async function newSessionRow(deps: Deps, ttlMs: number = SESSION_TTL_MS) {
  const token = base64url(randomBytes(32));
  const now = deps.now().getTime();
  return {
    token,
    row: {
      id: await sha256(token),
      csrfToken: base64url(randomBytes(24)),
      createdAt: now,
      expiresAt: now + ttlMs,
      lastSeenAt: now,
    },
  };
}

/** The row of this token, while it is alive: unexpired and used within SESSION_IDLE_MS. */
export function liveSession(columns: SessionColumns, id: string, now: number): SQL {
  const lastSeen = sql`coalesce(${columns.lastSeenAt}, ${columns.createdAt})`;
  return and(eq(columns.id, id), gt(columns.expiresAt, now), gt(lastSeen, now - SESSION_IDLE_MS)) as SQL;
}

/** Keeps a session alive: writes its last-seen time when it is a minute stale or more. */
export async function touchSession(
  deps: Deps,
  table: SQLiteTable & { id: SQLiteColumn; lastSeenAt: SQLiteColumn },
  row: { id: string; lastSeenAt: number | null; createdAt: number },
): Promise<void> {
  const now = deps.now().getTime();
  if (now - (row.lastSeenAt ?? row.createdAt) >= LAST_SEEN_RESOLUTION_MS) {
    await deps.database.db
      .update(table)
      .set({ lastSeenAt: now } as never)
      .where(eq(table.id, row.id));
  }
}
