import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { officeSessions, officeSignInLinks } from '../../db/schema.js';
import { base64url, randomBytes } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { type CareOffice, careOfficeByEmail, getCareOffice } from '../directory/index.js';
import { liveSession, newSessionRow, sha256, touchSession } from './sessionTokens.js';

// A care office signs in without a password: its registered address receives a link that works
// once, for a short while. The session it opens is scoped to that office and nothing else.

/** How long a mailed sign-in link works. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;
/** At most this many links are mailed to one office per SIGN_IN_WINDOW_MS (a flood of requests mails no flood). */
export const SIGN_IN_LINKS_PER_WINDOW = 3;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** What the audit log records as "who" for a care office's own requests (never shown to a person). */
export const officeActor = (careOfficeId: string) => `care_office:${careOfficeId}`;

export type SignInRequest =
  | { kind: 'link'; office: CareOffice & { email: string }; token: string; expiresAt: number }
  | { kind: 'unknown' }
  | { kind: 'too_many'; office: CareOffice };

/**
 * A sign-in link for the office registered at this address. The caller answers every outcome the
 * same way, so the answer never tells whether an address is registered.
 */
export async function requestSignIn(deps: Deps, email: string): Promise<SignInRequest> {
  const office = await careOfficeByEmail(deps, email);
  if (!office?.email) return { kind: 'unknown' };
  const { db } = deps.database;
  const now = deps.now().getTime();
  const [recent] = await db
    .select({ n: count() })
    .from(officeSignInLinks)
    .where(
      and(eq(officeSignInLinks.careOfficeId, office.id), gt(officeSignInLinks.createdAt, now - SIGN_IN_WINDOW_MS)),
    );
  if ((recent?.n ?? 0) >= SIGN_IN_LINKS_PER_WINDOW) return { kind: 'too_many', office };
  const token = base64url(randomBytes(32));
  const expiresAt = now + SIGN_IN_LINK_TTL_MS;
  await db
    .insert(officeSignInLinks)
    .values({ id: await sha256(token), careOfficeId: office.id, createdAt: now, expiresAt });
  return { kind: 'link', office: { ...office, email: office.email }, token, expiresAt };
}

/** Whether a sign-in link still works (for the page that shows its button; using it is `useSignInLink`). */
export async function signInLinkUsable(deps: Deps, token: string): Promise<boolean> {
  const [row] = await deps.database.db
    .select({ id: officeSignInLinks.id })
    .from(officeSignInLinks)
    .where(usable(await sha256(token), deps.now().getTime()));
  return row !== undefined;
}

const usable = (id: string, now: number) =>
  and(eq(officeSignInLinks.id, id), isNull(officeSignInLinks.usedAt), gt(officeSignInLinks.expiresAt, now));

export interface OfficeSession {
  careOfficeId: string;
  csrfToken: string;
}

/**
 * Uses a sign-in link and opens the office's session. One conditional UPDATE marks the link used,
 * so two requests racing with the same link open one session at most.
 */
export async function useSignInLink(
  deps: Deps,
  token: string,
): Promise<{ token: string; session: OfficeSession } | null> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const [used] = await db
    .update(officeSignInLinks)
    .set({ usedAt: now })
    .where(usable(await sha256(token), now))
    .returning({ careOfficeId: officeSignInLinks.careOfficeId });
  if (!used) return null;
  const opened = await newSessionRow(deps);
  await db.insert(officeSessions).values({ ...opened.row, careOfficeId: used.careOfficeId });
  return { token: opened.token, session: { careOfficeId: used.careOfficeId, csrfToken: opened.row.csrfToken } };
}

/** The office a session cookie stands for, while the session is alive and the office exists. */
export async function officeSessionFor(
  deps: Deps,
  token: string,
): Promise<(OfficeSession & { office: CareOffice }) | null> {
  const [row] = await deps.database.db
    .select()
    .from(officeSessions)
    .where(liveSession(officeSessions, await sha256(token), deps.now().getTime()));
  if (!row) return null;
  const office = await getCareOffice(deps, row.careOfficeId);
  if (!office) return null;
  await touchSession(deps, officeSessions, row);
  return { careOfficeId: row.careOfficeId, csrfToken: row.csrfToken, office };
}

export async function closeOfficeSession(deps: Deps, token: string): Promise<void> {
  await deps.database.db.delete(officeSessions).where(eq(officeSessions.id, await sha256(token)));
}
