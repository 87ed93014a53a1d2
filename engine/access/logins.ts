import { eq, lt, sql } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema.js';
import type { Deps } from '../deps.js';

/** Failed (or still unchecked) logins of one id within the window after which the id is refused. */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Claims one login attempt for this id before its password is checked, or null when the id is
 * locked. The count and the insert are one statement, so the database serializes them: however many
 * requests (or processes) arrive at once, at most LOGIN_FAILURES_ALLOWED passwords are checked in a
 * window. An attempt counts until `loginSucceeded` marks it.
 */
export async function claimLoginAttempt(deps: Deps, loginId: string): Promise<number | null> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const since = now - LOGIN_WINDOW_MS;
  // Attempts older than the window count for nothing: keep the table to the window's size.
  await db.delete(loginAttempts).where(lt(loginAttempts.at, since));
  const rows = await db.all<{ id: number }>(sql`
    insert into login_attempts (login_id, at)
    select ${loginId}, ${now}
    where (
      select count(*) from login_attempts
      where login_id = ${loginId} and at > ${since} and succeeded = 0
    ) < ${LOGIN_FAILURES_ALLOWED}
    returning id`);
  return rows[0]?.id ?? null;
}

/** The claimed attempt had the right password: it no longer counts towards the lockout. */
export async function loginSucceeded(deps: Deps, attemptId: number): Promise<void> {
  await deps.database.db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
}
