import { and, asc, eq, isNull } from 'drizzle-orm';
import { accounts, apiTokens, sessions } from '../../db/schema.js';
import { base64url, hashPassword, newId, randomBytes, verifyNothing, verifyPassword } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { getHospital } from '../directory/index.js';
import { liveSession, newSessionRow, SESSION_TTL_MS, sha256, touchSession } from './sessionTokens.js';

export type Role = 'admin' | 'hospital_staff';

/** Who is asking: an account, or the bootstrap administrator behind RENKEI_ADMIN_TOKEN. */
export interface Principal {
  /** What the audit log records as "who". */
  actor: string;
  accountId: string | null;
  loginId: string;
  name: string;
  role: Role;
  /** Hospital staff see and act on this hospital's cases only. */
  hospitalId: string | null;
}

export const BOOTSTRAP_ADMIN: Principal = {
  actor: 'bootstrap-admin',
  accountId: null,
  loginId: 'bootstrap-admin',
  name: 'RENKEI_ADMIN_TOKEN',
  role: 'admin',
  hospitalId: null,
};

type AccountRow = typeof accounts.$inferSelect;

export function principalOf(row: AccountRow): Principal {
  return {
    actor: `account:${row.loginId}`,
    accountId: row.id,
    loginId: row.loginId,
    name: row.name,
    role: row.role,
    hospitalId: row.hospitalId,
  };
}

/** A staff member sees only their hospital's cases; for anyone else the case does not exist. */
export function maySee(principal: Principal, hospitalId: string): boolean {
  return principal.role === 'admin' || principal.hospitalId === hospitalId;
}

export function accountView(row: AccountRow) {
  return {
    id: row.id,
    loginId: row.loginId,
    name: row.name,
    role: row.role,
    hospitalId: row.hospitalId,
    email: row.email,
    hasPassword: row.passwordHash !== null,
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
    disabledAt: row.disabledAt === null ? null : new Date(row.disabledAt).toISOString(),
    twoFactor: row.totpSecret !== null,
  };
}
export type AccountView = ReturnType<typeof accountView>;

export interface NewAccount {
  loginId: string;
  name: string;
  role: Role;
  hospitalId: string | null;
  password: string | null;
  /** Where alerts for administrators go; optional. */
  email?: string | null;
}

export type CreateAccountResult =
  | { kind: 'created'; account: AccountView; apiToken: string }
  | { kind: 'login_taken' }
  | { kind: 'unknown_hospital' }
  | { kind: 'hospital_required' };

/** Creates an account and its first API token (returned once; only its hash is kept). */
export async function createAccount(deps: Deps, input: NewAccount, createdBy: string): Promise<CreateAccountResult> {
  const { db } = deps.database;
  if (input.role === 'hospital_staff' && !input.hospitalId) return { kind: 'hospital_required' };
  const hospitalId = input.role === 'hospital_staff' ? input.hospitalId : null;
  if (hospitalId && !(await getHospital(deps, hospitalId))) return { kind: 'unknown_hospital' };
  const [taken] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.loginId, input.loginId));
  if (taken) return { kind: 'login_taken' };
  const now = deps.now().getTime();
  const id = newId('acct');
  const token = newApiToken();
  const row: AccountRow = {
    id,
    loginId: input.loginId,
    name: input.name,
    role: input.role,
    hospitalId,
    email: input.email ?? null,
    passwordHash: input.password === null ? null : await hashPassword(input.password),
    createdAt: now,
    createdBy,
    disabledAt: null,
    totpSecret: null,
    totpPendingSecret: null,
    totpEnabledAt: null,
    totpLastStep: null,
  };
  await db.batch([
    db.insert(accounts).values(row),
    db.insert(apiTokens).values({ id: newId('tok'), accountId: id, tokenHash: await sha256(token), createdAt: now }),
  ]);
  deps.log.info('account created', { accountId: id, role: input.role });
  return { kind: 'created', account: accountView(row), apiToken: token };
}

function newApiToken(): string {
  return `rk_${base64url(randomBytes(32))}`;
}

export async function listAccounts(deps: Deps): Promise<AccountView[]> {
  const rows = await deps.database.db.select().from(accounts).orderBy(asc(accounts.loginId));
  return rows.map(accountView);
}

export async function findAccount(deps: Deps, idOrLogin: string): Promise<AccountRow | null> {
  const { db } = deps.database;
  const [byId] = await db.select().from(accounts).where(eq(accounts.id, idOrLogin));
  if (byId) return byId;
  const [byLogin] = await db.select().from(accounts).where(eq(accounts.loginId, idOrLogin));
  return byLogin ?? null;
}

/** Disabling ends the account's sessions and revokes its tokens at once. */
export async function disableAccount(deps: Deps, accountId: string): Promise<boolean> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!row) return false;
  await db.batch([
    db
      .update(accounts)
      .set({ disabledAt: row.disabledAt ?? now })
      .where(eq(accounts.id, accountId)),
    db.delete(sessions).where(eq(sessions.accountId, accountId)),
    db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.accountId, accountId), isNull(apiTokens.revokedAt))),
  ]);
  return true;
}

export async function setPassword(deps: Deps, accountId: string, password: string): Promise<void> {
  const { db } = deps.database;
  await db.batch([
    db
      .update(accounts)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(accounts.id, accountId)),
    db.delete(sessions).where(eq(sessions.accountId, accountId)),
  ]);
}

/** A new API token for an account, shown once. Earlier tokens stay valid until revoked. */
export async function issueApiToken(deps: Deps, accountId: string): Promise<string> {
  const token = newApiToken();
  await deps.database.db
    .insert(apiTokens)
    .values({ id: newId('tok'), accountId, tokenHash: await sha256(token), createdAt: deps.now().getTime() });
  return token;
}

export async function principalForToken(deps: Deps, token: string): Promise<Principal | null> {
  const { db } = deps.database;
  const [row] = await db
    .select({ account: accounts })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(and(eq(apiTokens.tokenHash, await sha256(token)), isNull(apiTokens.revokedAt), isNull(accounts.disabledAt)));
  return row ? principalOf(row.account) : null;
}

/** Checks a login; unknown ids and disabled accounts cost the same time as a wrong password. */
export async function checkPassword(deps: Deps, loginId: string, password: string): Promise<Principal | null> {
  const [row] = await deps.database.db.select().from(accounts).where(eq(accounts.loginId, loginId));
  if (!row?.passwordHash || row.disabledAt !== null) return verifyNothing(password).then(() => null);
  return (await verifyPassword(password, row.passwordHash)) ? principalOf(row) : null;
}

/** Between the password and the second factor (a code, or an administrator's enrolment): this long at most. */
export const SECOND_FACTOR_TTL_MS = 10 * 60 * 1000;

/** `full`: signed in; `code` and `enrol`: the password was right, the second factor is still to come. */
export type SessionStage = 'full' | 'code' | 'enrol';

export interface Session {
  principal: Principal;
  csrfToken: string;
  expiresAt: number;
  stage: SessionStage;
}

/** A new session: the cookie gets the token, the table keeps its hash. */
export async function openSession(
  deps: Deps,
  principal: Principal,
  stage: SessionStage = 'full',
): Promise<{ token: string; session: Session }> {
  if (!principal.accountId) throw new Error('the bootstrap administrator has no console session; create an account');
  const { token, row } = await newSessionRow(deps, stage === 'full' ? SESSION_TTL_MS : SECOND_FACTOR_TTL_MS);
  await deps.database.db.insert(sessions).values({ ...row, accountId: principal.accountId, stage });
  return { token, session: { principal, csrfToken: row.csrfToken, expiresAt: row.expiresAt, stage } };
}

export async function sessionFor(deps: Deps, token: string): Promise<Session | null> {
  const [row] = await deps.database.db
    .select({ account: accounts, session: sessions })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(liveSession(sessions, await sha256(token), deps.now().getTime()), isNull(accounts.disabledAt)));
  if (!row) return null;
  await touchSession(deps, sessions, row.session);
  return {
    principal: principalOf(row.account),
    csrfToken: row.session.csrfToken,
    expiresAt: row.session.expiresAt,
    stage: row.session.stage,
  };
}

export async function closeSession(deps: Deps, token: string): Promise<void> {
  await deps.database.db.delete(sessions).where(eq(sessions.id, await sha256(token)));
}
